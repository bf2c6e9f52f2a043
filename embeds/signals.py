from django.dispatch import Signal

# Sent with `embed` once the worker changed what readers get of it, for the
# apps whose pages show bodies naming it (embeds/bodies.py drops articles').
embed_changed = Signal()
