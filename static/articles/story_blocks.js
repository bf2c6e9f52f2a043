// The body editor's story blocks, in the markup articles/sanitizer.py keeps:
// a fact box (<aside class="fact-box"> opening with its heading), a gallery
// (<ul class="gallery"> of library figures, one per <li>) and an embed (a
// link on a line of its own, which the embeds app turns into the embed).
import {
  Extension,
  Node,
  mergeAttributes,
  updateAttrsDialog,
} from "django-prose-editor/editor"

export const FactBox = Node.create({
  name: "factBox",
  group: "block",
  content: "heading block+",
  defining: true,
  parseHTML() {
    return [{ tag: "aside" }]
  },
  renderHTML({ HTMLAttributes }) {
    return ["aside", mergeAttributes(HTMLAttributes, { class: "fact-box" }), 0]
  },
  addCommands() {
    return {
      insertFactBox:
        () =>
        ({ commands }) =>
          commands.insertContent({
            type: this.name,
            content: [
              {
                type: "heading",
                attrs: { level: 2 },
                content: [{ type: "text", text: "Key facts" }],
              },
              { type: "paragraph" },
            ],
          }),
    }
  },
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "factBox",
      groups: "nodes",
      button: buttons.material("info", "Fact box"),
      command(editor) {
        editor.chain().focus().insertFactBox().run()
      },
      enabled: (editor) => editor.can().insertFactBox(),
    })
  },
})

export const GalleryItem = Node.create({
  name: "galleryItem",
  content: "figure",
  parseHTML() {
    return [{ tag: "li", context: "gallery/", priority: 60 }]
  },
  renderHTML() {
    return ["li", 0]
  },
})

// The figures, two or more side by side at the top level, that the selection
// touches; null when it touches anything else.
function selectedFigures(state) {
  const { from, to } = state.selection
  const figures = []
  let start = null
  let end = null
  state.doc.forEach((node, offset) => {
    if (offset + node.nodeSize <= from || offset >= to) return
    figures.push(node)
    start ??= offset
    end = offset + node.nodeSize
  })
  if (figures.length < 2 || figures.some((node) => node.type.name !== "figure")) {
    return null
  }
  return { figures, start, end }
}

export const Gallery = Node.create({
  name: "gallery",
  group: "block",
  content: "galleryItem+",
  isolating: true,
  parseHTML() {
    return [{ tag: "ul.gallery", priority: 60 }]
  },
  renderHTML({ HTMLAttributes }) {
    return ["ul", mergeAttributes(HTMLAttributes, { class: "gallery" }), 0]
  },
  addCommands() {
    return {
      makeGallery:
        () =>
        ({ state, tr, dispatch }) => {
          const selected = selectedFigures(state)
          if (!selected) return false
          if (dispatch) {
            const { gallery, galleryItem } = state.schema.nodes
            const items = selected.figures.map((figure) =>
              galleryItem.create(null, figure),
            )
            tr.replaceWith(selected.start, selected.end, gallery.create(null, items))
          }
          return true
        },
    }
  },
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "gallery",
      groups: "nodes",
      button: buttons.material("photo_library", "Gallery of the selected figures"),
      command(editor) {
        editor.chain().focus().makeGallery().run()
      },
      enabled: (editor) => editor.can().makeGallery(),
    })
  },
})

const embedDialog = updateAttrsDialog(
  {
    url: {
      type: "string",
      title: "Address of the video, post, map, chart or document",
      format: "url",
      required: true,
    },
  },
  { title: "Embed", submitText: "Insert" },
)

export const EmbedLink = Extension.create({
  name: "embedLink",
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "embedLink",
      groups: "nodes",
      button: buttons.material("smart_display", "Embed"),
      command(editor) {
        embedDialog(editor, { url: "" }).then((values) => {
          const url = values?.url.trim()
          if (!url) return
          editor
            .chain()
            .focus()
            .insertContent({
              type: "paragraph",
              content: [
                { type: "text", text: url, marks: [{ type: "link", attrs: { href: url } }] },
              ],
            })
            .run()
        })
      },
    })
  },
})
