import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { type Diagnostic, linter, lintGutter } from "@codemirror/lint";
import { Compartment, EditorState, type Extension, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration,
  type DecorationSet,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { tags as t } from "@lezer/highlight";
import type { PythonSyntaxProblem } from "../engine/python";

/** Colours from the page's theme (CSS custom properties), so light and dark both read well. */
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword], color: "var(--syn-keyword)" },
  { tag: [t.string, t.special(t.string)], color: "var(--syn-string)" },
  { tag: [t.number, t.bool, t.null], color: "var(--syn-number)" },
  { tag: [t.comment, t.lineComment], color: "var(--syn-comment)", fontStyle: "italic" },
  {
    tag: [t.function(t.variableName), t.function(t.definition(t.variableName))],
    color: "var(--syn-function)",
  },
  { tag: [t.className, t.definition(t.className)], color: "var(--syn-class)" },
  { tag: [t.operator, t.punctuation], color: "var(--fg-muted)" },
]);

/** Marks the line the timeline is on (a line decoration; 0 clears it). */
const setPlayhead = StateEffect.define<number>();
const playhead = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let d = deco.map(tr.changes);
    for (const e of tr.effects)
      if (e.is(setPlayhead)) {
        const n = e.value;
        d =
          n >= 1 && n <= tr.state.doc.lines
            ? Decoration.set([Decoration.line({ class: "cm-playhead" }).range(tr.state.doc.line(n).from)])
            : Decoration.none;
      }
    return d;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** The lab's editor: CodeMirror 6 with Python support, a syntax check and a playhead line. */
export interface LabEditor {
  readonly view: EditorView;
  getSource(): string;
  setSource(text: string): void;
  /** Highlights source line `line` (1-based; 0 clears) and scrolls it into view. */
  showLine(line: number): void;
  setReadOnly(readOnly: boolean): void;
}

/**
 * Creates the editor in `parent`. `check` (the interpreter's `checkPythonSyntax`, when the engine is
 * installed) marks a syntax error on its line as you type; `onRun` is bound to Ctrl/Cmd-Enter.
 *
 * @example
 * const editor = createEditor(byId("editor"), { check: null, onRun: run });
 */
export function createEditor(
  parent: HTMLElement,
  options: {
    check: ((source: string) => PythonSyntaxProblem | null) | null;
    onRun: () => void;
    label: string;
  },
): LabEditor {
  const readOnly = new Compartment();
  const lint: Extension = options.check
    ? [
        lintGutter(),
        linter(
          (view): Diagnostic[] => {
            const p = options.check!(view.state.doc.toString());
            if (p === null) return [];
            const line = view.state.doc.line(Math.max(1, Math.min(view.state.doc.lines, p.line)));
            const from = Math.min(line.to, line.from + Math.max(0, p.column - 1));
            return [{ from, to: Math.max(from, line.to), severity: "error", message: p.message }];
          },
          { delay: 300 },
        ),
      ]
    : [];
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: "",
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        python(),
        syntaxHighlighting(highlight),
        keymap.of([
          {
            key: "Mod-Enter",
            run: () => {
              options.onRun();
              return true;
            },
          },
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        playhead,
        lint,
        readOnly.of([]),
        EditorView.contentAttributes.of({ "aria-label": options.label }),
      ],
    }),
  });
  // A long program makes the scroller a scrollable region; axe (and keyboard users reading it without
  // editing) need that region itself to take focus, not only the contenteditable inside it.
  view.scrollDOM.tabIndex = 0;
  return {
    view,
    getSource: () => view.state.doc.toString(),
    setSource(text) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        effects: setPlayhead.of(0),
      });
    },
    showLine(line) {
      const effects: StateEffect<unknown>[] = [setPlayhead.of(line)];
      if (line >= 1 && line <= view.state.doc.lines)
        effects.push(EditorView.scrollIntoView(view.state.doc.line(line).from, { y: "nearest" }));
      view.dispatch({ effects });
    },
    setReadOnly(ro) {
      view.dispatch({
        effects: readOnly.reconfigure(
          ro ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : [],
        ),
      });
    },
  };
}
