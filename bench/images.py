"""Time and peak memory to take in a large photo and make all its renditions.

    python -m bench.images            # a 24-megapixel JPEG, best of 3 runs
    python -m bench.images --quick    # a 4-megapixel JPEG, once (for CI)

Each measurement runs in a fresh process, so its peak resident memory (Linux's
VmHWM) is its own; it is reported above the process's footprint before the
work starts.
"""

import argparse
import io
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image as PILImage

FULL_SIZE = (6000, 4000)  # 24 megapixels, a typical newsroom camera
QUICK_SIZE = (2400, 1600)


def make_photo(size):
    """A JPEG with a photo's mix of smooth gradients and fine grain."""
    width, height = size
    gradient = PILImage.linear_gradient("L").resize(size)
    radial = PILImage.radial_gradient("L").resize(size)
    grain = PILImage.effect_noise((width // 4, height // 4), 40).resize(size)
    photo = PILImage.merge("RGB", (gradient, radial, grain))
    output = io.BytesIO()
    photo.save(output, "JPEG", quality=90)
    return output.getvalue()


def memory_mb(field):
    """VmRSS (resident now) or VmHWM (peak) of this process, from Linux's /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # reported in kB
    raise LookupError(field)


def reset_peak_memory():
    # getrusage's peak is inherited from the parent across exec; this one is
    # the process's own, and Linux resets it on request.
    Path("/proc/self/clear_refs").write_text("5")


def measure(task, path, results):
    """In a fresh process: run `task` on the file at `path` and report seconds
    and peak memory above the process's starting point."""
    from images.renditions import make_renditions
    from images.uploads import MAX_PIXELS, prepare_upload

    PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
    content = Path(path).read_bytes()
    reset_peak_memory()
    baseline = memory_mb("VmRSS")
    started = time.perf_counter()
    if task == "upload":
        from django.core.files.base import ContentFile

        prepare_upload(ContentFile(content, name="photo.jpg"))
        count = 1
    else:
        count = len(list(make_renditions(io.BytesIO(content))))
    seconds = time.perf_counter() - started
    results.put((seconds, memory_mb("VmHWM") - baseline, count))


def run_in_fresh_process(task, path):
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=measure, args=(task, path, results))
    process.start()
    outcome = results.get()
    process.join()
    if process.exitcode:
        sys.exit(f"The {task} measurement failed (exit code {process.exitcode}).")
    return outcome


def master_of(content):
    """The stored master of `content`, which renditions are made from."""
    from django.core.files.base import ContentFile

    from images.uploads import prepare_upload

    return prepare_upload(ContentFile(content, name="photo.jpg")).master.read()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="a smaller photo, measured once (CI)"
    )
    options = parser.parse_args(argv)
    size, runs = (QUICK_SIZE, 1) if options.quick else (FULL_SIZE, 3)

    photo = make_photo(size)
    megapixels = size[0] * size[1] / 1e6
    print(
        f"Photo: {size[0]} × {size[1]} JPEG, {megapixels:.1f} megapixels, "
        f"{len(photo) / 1e6:.1f} MB; best of {runs} run(s), each in a new process"
    )
    with tempfile.TemporaryDirectory() as folder:
        original = Path(folder) / "photo.jpg"
        original.write_bytes(photo)
        master = Path(folder) / "master.jpg"
        master.write_bytes(master_of(photo))
        for task, path, label in [
            ("upload", original, "Check and re-encode the upload"),
            ("renditions", master, "Make all renditions"),
        ]:
            measured = [run_in_fresh_process(task, path) for _ in range(runs)]
            seconds = min(m[0] for m in measured)
            memory = statistics.median(m[1] for m in measured)
            count = measured[0][2]
            what = f"{label} ({count} file{'s' if count > 1 else ''})"
            print(f"{what:<45} {seconds:7.2f} s  peak memory +{memory:6.0f} MB")


if __name__ == "__main__":
    main()
