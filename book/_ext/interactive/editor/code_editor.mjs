// The code editor of every interactive widget: CodeMirror 6 set up for the chapter's Python.
// Bundled at build time by esbuild into one self-hosted file (editor_bundle.py); static/editor.js imports it
// when the reader shows intent and mounts it where the static, highlighted listing was.
//
//   createEditor({parent, doc, label?, labelledBy?, describedBy?, hint?, onRun, onChange, complete?,
//                 focused?, pointer?, typed?}) -> {view, value, setValue(text)}
//   parent: where the editor goes; doc: its code; label / labelledBy / describedBy: the textbox's accessible
//   name and description; hint: an element that says "Tab now moves to the next control." after Escape;
//   focused: take the focus (the static listing had it), with the cursor at pointer {x, y} if given, and
//   insert `typed`, the text the reader typed on the listing before the editor was in;
//   onRun(): Shift+Enter, Ctrl/Cmd+Enter; onChange(text): after each edit by the reader (not after setValue);
//   complete(textBeforeCursor) -> Promise<{items: [{label, type, detail}]} | null>: completions from the live
//   Python (null while it is not there: the editor then offers keywords and the names defined in the code).
//
// Colours: tokens carry Pygments' class names (tagHighlighter below), so the theme's own code colours, light and
// dark, apply to the editor exactly as they do to the static listing it replaces.
import { acceptCompletion, autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, completionStatus }
  from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentLess, indentMore } from "@codemirror/commands";
import { localCompletionSource, python } from "@codemirror/lang-python";
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting, syntaxTree } from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap, searchPanelOpen } from "@codemirror/search";
import { Annotation, EditorSelection, EditorState, Prec, RangeSetBuilder } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, drawSelection, highlightSpecialChars, keymap } from "@codemirror/view";
import { tagHighlighter, tags as t } from "@lezer/highlight";
import "./code_editor.css";

const INDENT = "    ";
const ESCAPE_TAB_MS = 10000; // after Escape, Tab leaves the editor until another key or this long
const LEAVE_HINT = "Tab now moves to the next control.";
const WORD = /[\p{L}\p{N}_]*$/u;
const KEYWORDS = ("False None True and as assert async await break class continue def del elif else except finally " +
  "for from global if import in is lambda nonlocal not or pass raise return try while with yield match case").split(" ");
const NOT_CODE = ["String", "FormatString", "Comment"];

// Pygments' classes for CodeMirror's Python tokens (names with no class take the listing's plain text colour).
const pygmentsClasses = tagHighlighter([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.modifier], class: "k" },
  { tag: t.moduleKeyword, class: "kn" },
  { tag: t.operatorKeyword, class: "ow" },
  { tag: [t.bool, t.null], class: "kc" },
  { tag: [t.string, t.special(t.string)], class: "s2" },
  { tag: t.escape, class: "se" },
  { tag: t.lineComment, class: "c1" },
  { tag: t.number, class: "mi" },
  { tag: t.function(t.definition(t.variableName)), class: "nf" },
  { tag: t.definition(t.className), class: "nc" },
  { tag: t.meta, class: "nd" },
  { tag: [t.arithmeticOperator, t.bitwiseOperator, t.compareOperator, t.definitionOperator, t.updateOperator],
    class: "o" },
  { tag: [t.paren, t.squareBracket, t.brace, t.separator, t.derefOperator, t.punctuation], class: "p" },
]);

// Pygments also marks builtins, `self` and exception names; the grammar sees only names, so look them up.
const BUILTINS = new Set(("abs all any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile " +
  "complex delattr dict dir divmod enumerate eval exec filter float format frozenset getattr globals hasattr hash " +
  "help hex id input int isinstance issubclass iter len list locals map max memoryview min next object oct open ord " +
  "pow print property range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars " +
  "zip __import__ NotImplemented Ellipsis").split(" "));
const PSEUDO = new Set(["self", "cls"]);

function builtinClass(name) {
  if (PSEUDO.has(name)) return "bp";
  if (BUILTINS.has(name)) return "nb";
  if (/^[A-Z]\w*(Error|Exception|Warning)$|^(KeyboardInterrupt|StopIteration|SystemExit)$/.test(name)) return "ne";
  return null;
}

const builtinMarks = ViewPlugin.fromClass(class {
  constructor(view) { this.decorations = this.build(view); }
  update(update) {
    if (update.docChanged || update.viewportChanged || syntaxTree(update.startState) !== syntaxTree(update.state)) {
      this.decorations = this.build(update.view);
    }
  }
  build(view) {
    const marks = new RangeSetBuilder();
    for (const { from, to } of view.visibleRanges) {
      syntaxTree(view.state).iterate({ from, to, enter: (node) => {
        if (node.name !== "VariableName") return;
        const name = builtinClass(view.state.sliceDoc(node.from, node.to));
        if (name) marks.add(node.from, node.to, Decoration.mark({ class: name }));
      } });
    }
    return marks.finish();
  }
}, { decorations: (plugin) => plugin.decorations });

// ---- completion ---------------------------------------------------------------------------------------------
const keywordOptions = KEYWORDS.map((label) => ({ label, type: "keyword", detail: "keyword" }));

function insideCode(context) {
  return !NOT_CODE.includes(syntaxTree(context.state).resolveInner(context.pos, -1).name);
}

// Before Python runs (or while it is busy): keywords and the names the code itself defines.
function fromTheCode(context, word) {
  const local = localCompletionSource(context);
  const seen = new Set();
  const options = [...(local ? local.options : []), ...keywordOptions].filter((option) =>
    !seen.has(option.label) && seen.add(option.label));
  return { from: word.from, options, validFor: WORD };
}

function completionSource(complete) {
  return async (context) => {
    const word = context.matchBefore(WORD);
    const afterDot = context.state.sliceDoc(word.from - 1, word.from) === ".";
    if ((!context.explicit && word.from === word.to && !afterDot) || !insideCode(context)) return null;
    const live = complete ? await complete(context.state.sliceDoc(0, context.pos)) : null;
    // the reader moved on while Python answered (another cell, a button): no list pops up where they left
    if (context.aborted || (context.view && !context.view.hasFocus)) return null;
    if (live) return { from: word.from, options: live.items, validFor: WORD };
    return afterDot ? null : fromTheCode(context, word);
  };
}

// ---- keys ---------------------------------------------------------------------------------------------------
// Tab: indent the selected lines, or insert spaces up to the next indent stop.
function indentOrInsert(view) {
  if (view.state.selection.ranges.some((range) => !range.empty)) return indentMore(view);
  view.dispatch(view.state.changeByRange((range) => {
    const column = range.head - view.state.doc.lineAt(range.head).from;
    const spaces = INDENT.slice(column % INDENT.length);
    return { changes: { from: range.head, insert: spaces }, range: EditorSelection.cursor(range.head + spaces.length) };
  }), { scrollIntoView: true, userEvent: "input" });
  return true;
}

function keys(onRun) {
  const run = () => { onRun(); return true; };
  return Prec.highest(keymap.of([
    { key: "Shift-Enter", run },
    { key: "Mod-Enter", run },
    { key: "Tab", run: (view) => acceptCompletion(view) || indentOrInsert(view), shift: indentLess },
  ]));
}

// Escape, then Tab, leaves the editor (CodeMirror's tab-focus mode), and the hint says so.
function escapeThenTab(hint) {
  let timer = 0;
  const say = (text) => {
    if (!hint) return;
    hint.textContent = text;
    clearTimeout(timer);
    if (text) timer = setTimeout(() => { hint.textContent = ""; }, ESCAPE_TAB_MS);
  };
  return EditorView.domEventObservers({
    keydown(event, view) {
      if (event.key === "Escape") {
        if (completionStatus(view.state) || searchPanelOpen(view.state)) return; // this Escape closes those
        queueMicrotask(() => view.setTabFocusMode(ESCAPE_TAB_MS));
        say(LEAVE_HINT);
      } else if (!["Tab", "Shift", "Control", "Alt", "Meta"].includes(event.key)) {
        say("");
      }
    },
    blur() { say(""); },
  });
}

// The page's own single-key shortcuts (Sphinx's "/" for search, Escape to clear search words) treat only inputs
// and textareas as typing: keys typed here, without Ctrl/Cmd/Alt, stay here.
const keepTypingHere = EditorView.domEventHandlers({
  keydown(event) {
    if (!event.ctrlKey && !event.metaKey && !event.altKey) event.stopPropagation();
    return false;
  },
});

// ---- the editor ---------------------------------------------------------------------------------------------
const external = Annotation.define(); // setValue's changes: not the reader's edits

export function createEditor({ parent, doc, label, labelledBy, describedBy, hint, onRun, onChange, complete,
  focused, pointer, typed }) {
  const contentAttributes = { spellcheck: "false", autocapitalize: "off", autocorrect: "off", translate: "no" };
  if (label) contentAttributes["aria-label"] = label;
  if (labelledBy) contentAttributes["aria-labelledby"] = labelledBy;
  if (describedBy) contentAttributes["aria-describedby"] = describedBy;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        keys(onRun),
        escapeThenTab(hint),
        keepTypingHere,
        history(),
        drawSelection(),
        highlightSpecialChars(),
        EditorState.allowMultipleSelections.of(true),
        indentUnit.of(INDENT),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightSelectionMatches(),
        python(),
        syntaxHighlighting(pygmentsClasses),
        builtinMarks,
        autocompletion({ override: [completionSource(complete)], selectOnOpen: false, icons: true }),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap]),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of(contentAttributes),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !update.transactions.some((tr) => tr.annotation(external))) {
            onChange(update.state.doc.toString());
          }
        }),
      ],
    }),
  });
  if (focused) {
    view.focus();
    const pos = pointer ? view.posAtCoords(pointer) : null;
    if (pos !== null) view.dispatch({ selection: { anchor: pos } });
  }
  if (typed) view.dispatch(view.state.replaceSelection(typed), { userEvent: "input.type" });
  return {
    view,
    get value() { return view.state.doc.toString(); },
    setValue(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: external.of(true) });
    },
  };
}
