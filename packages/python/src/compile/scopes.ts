import type { SyntaxNode } from "@lezer/common";

/**
 * CPython's symtable, for the tree `@lezer/python` gives: one Scope per module, function, lambda,
 * comprehension and class body; which names each binds, uses, declares global or nonlocal; then, after
 * `resolve`, which locals are cells (captured by an inner scope) and which names are free.
 *
 * @example
 * const root = analyzeModule(tree.topNode, src); root.children[0].cells; // Set {"x"} for a closure over x
 */
export class Scope {
  readonly params: string[] = [];
  readonly assigned = new Set<string>();
  readonly used = new Set<string>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  readonly children: Scope[] = [];
  readonly cells = new Set<string>();
  readonly frees = new Set<string>();
  isGenerator = false;
  /** A method whose body says `super` (gets the implicit `__class__` cell). */
  usesSuper = false;
  posCount = 0;
  kwOnlyCount = 0;
  varargs: string | null = null;
  varkw: string | null = null;
  /** Slot of each fast local (functions, class bodies for cells/frees). */
  readonly slots = new Map<string, number>();

  constructor(
    readonly kind: "module" | "function" | "class",
    readonly node: SyntaxNode,
    readonly parent: Scope | null,
    readonly name: string,
  ) {
    parent?.children.push(this);
  }

  /** A name stored in fast locals (not the class or module namespace). */
  isLocal(name: string): boolean {
    if (this.kind !== "function") return false;
    if (this.globals.has(name) || this.nonlocals.has(name)) return false;
    return this.assigned.has(name) || this.params.includes(name);
  }

  qualname(): string {
    const p = this.parent;
    if (p === null || p.kind === "module") return this.name;
    return p.kind === "function" ? `${p.qualname()}.<locals>.${this.name}` : `${p.qualname()}.${this.name}`;
  }
}

/** The children of a node, as an array. */
export function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c !== null; c = c.nextSibling) out.push(c);
  return out;
}

const PUNCT = new Set([",", "(", ")", "[", "]", "{", "}", ":", "AssignOp", "UpdateOp", "Comment"]);

/** The target groups of an assignment: the nodes before each `=`, and the value after the last. */
export function assignParts(n: SyntaxNode): { targets: SyntaxNode[][]; value: SyntaxNode[] } {
  const groups: SyntaxNode[][] = [[]];
  for (const c of kids(n)) {
    if (c.name === "AssignOp" || c.name === "TypeDef") groups.push([]);
    else groups[groups.length - 1]!.push(c);
  }
  const value = groups.pop()!;
  return { targets: groups, value };
}

/** Nodes of a comma-separated list with punctuation dropped. */
export function items(ns: SyntaxNode[]): SyntaxNode[] {
  return ns.filter((c) => !PUNCT.has(c.name));
}

/** Builds the scope tree of a module. */
export function analyzeModule(top: SyntaxNode, src: string): { root: Scope; byNode: Map<number, Scope> } {
  const byNode = new Map<number, Scope>();
  const text = (n: SyntaxNode) => src.slice(n.from, n.to);
  const root = new Scope("module", top, null, "<module>");
  byNode.set(top.from * 1e6 + top.to, root);

  const key = (n: SyntaxNode) => n.from * 1e6 + n.to;

  function bindTarget(n: SyntaxNode, s: Scope): void {
    switch (n.name) {
      case "VariableName":
        s.assigned.add(text(n));
        return;
      case "TupleExpression":
      case "ArrayExpression":
      case "ParenthesizedExpression":
        for (const c of kids(n)) bindTarget(c, s);
        return;
      case "StarExpression":
        for (const c of kids(n)) bindTarget(c, s);
        return;
      default:
        walk(n, s);
    }
  }

  function params(list: SyntaxNode | null, fs: Scope, outer: Scope): void {
    if (list === null) return;
    let mode: "pos" | "star" | "kwonly" | "dstar" = "pos";
    const cs = kids(list);
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c.name === "*") mode = "star";
      else if (c.name === "**") mode = "dstar";
      else if (c.name === "AssignOp") {
        walk(cs[++i]!, outer); // a default is evaluated where the def is
      } else if (c.name === "TypeDef") walk(c, outer);
      else if (c.name === "VariableName") {
        const name = text(c);
        if (mode === "star") {
          fs.varargs = name;
          mode = "kwonly";
        } else if (mode === "dstar") fs.varkw = name;
        else if (mode === "kwonly") {
          fs.params.push(name);
          fs.kwOnlyCount++;
        } else {
          fs.params.push(name);
          fs.posCount++;
        }
      } else if (c.name === "," && mode === "star") mode = "kwonly";
    }
    // Order in localsplus: positional, keyword-only, *args, **kwargs.
    if (fs.varargs !== null) fs.params.push(fs.varargs);
    if (fs.varkw !== null) fs.params.push(fs.varkw);
  }

  function comprehension(n: SyntaxNode, s: Scope): void {
    const cs = kids(n);
    const genexp = n.name === "ComprehensionExpression" || n.name === "ArgList";
    const cscope = new Scope("function", n, s, genexp ? "<genexpr>" : compName(n));
    byNode.set(key(n), cscope);
    cscope.params.push(".0");
    cscope.posCount = 1;
    let firstIn = true;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c.name === "for") {
        const targets: SyntaxNode[] = [];
        i++;
        while (cs[i]!.name !== "in") targets.push(cs[i++]!);
        for (const t of targets) bindTarget(t, cscope);
        i++;
        if (firstIn) walk(cs[i]!, s);
        else walk(cs[i]!, cscope);
        firstIn = false;
      } else if (!PUNCT.has(c.name) && c.name !== "if") walk(c, cscope);
    }
  }

  function walk(n: SyntaxNode, s: Scope): void {
    switch (n.name) {
      case "VariableName":
        s.used.add(text(n));
        if (text(n) === "super") s.usesSuper = true;
        return;
      case "AssignStatement": {
        const { targets, value } = assignParts(n);
        for (const v of value) walk(v, s);
        for (const g of targets) for (const t of g) bindTarget(t, s);
        return;
      }
      case "UpdateStatement": {
        const cs = kids(n);
        bindTarget(cs[0]!, s);
        walk(cs[0]!, s);
        for (const c of cs.slice(1)) walk(c, s);
        return;
      }
      case "ForStatement": {
        const cs = kids(n);
        let i = 1;
        while (cs[i]!.name !== "in") bindTarget(cs[i++]!, s);
        for (const c of cs.slice(i + 1)) walk(c, s);
        return;
      }
      case "WithStatement":
      case "TryStatement": {
        const cs = kids(n);
        for (let i = 0; i < cs.length; i++) {
          if (cs[i]!.name === "as") bindTarget(cs[++i]!, s);
          else walk(cs[i]!, s);
        }
        return;
      }
      case "DeleteStatement":
        for (const c of kids(n)) if (c.name === "VariableName") s.assigned.add(text(c));
        for (const c of kids(n)) if (c.name !== "VariableName") walk(c, s);
        return;
      case "ScopeStatement": {
        const cs = kids(n);
        const glob = cs[0]!.name === "global";
        for (const c of cs) if (c.name === "VariableName") (glob ? s.globals : s.nonlocals).add(text(c));
        return;
      }
      case "ImportStatement": {
        const cs = kids(n);
        const isFrom = cs[0]!.name === "from";
        for (let i = 0; i < cs.length; i++) {
          const c = cs[i]!;
          if (c.name === "as") {
            s.assigned.add(text(cs[++i]!));
          } else if (c.name === "VariableName") {
            const next = cs[i + 1];
            if (next?.name === "as") continue;
            if (isFrom) {
              const seenImport = cs.slice(0, i).some((x) => x.name === "import");
              if (seenImport) s.assigned.add(text(c));
            } else {
              const prev = cs[i - 1];
              if (prev?.name !== ".") s.assigned.add(text(c));
            }
          }
        }
        return;
      }
      case "FunctionDefinition":
      case "LambdaExpression": {
        const cs = kids(n);
        const nameNode = n.name === "FunctionDefinition" ? cs.find((c) => c.name === "VariableName")! : null;
        if (nameNode !== null) s.assigned.add(text(nameNode));
        const fs = new Scope("function", n, s, nameNode === null ? "<lambda>" : text(nameNode));
        byNode.set(key(n), fs);
        params(cs.find((c) => c.name === "ParamList") ?? null, fs, s);
        const body =
          n.name === "FunctionDefinition" ? cs.find((c) => c.name === "Body")! : cs[cs.length - 1]!;
        if (n.name === "FunctionDefinition") for (const c of kids(body)) walk(c, fs);
        else walk(body, fs);
        return;
      }
      case "ClassDefinition": {
        const cs = kids(n);
        const nameNode = cs.find((c) => c.name === "VariableName")!;
        s.assigned.add(text(nameNode));
        const args = cs.find((c) => c.name === "ArgList");
        if (args !== undefined) walk(args, s);
        const cl = new Scope("class", n, s, text(nameNode));
        byNode.set(key(n), cl);
        for (const c of kids(cs.find((c) => c.name === "Body")!)) walk(c, cl);
        return;
      }
      case "YieldStatement":
      case "YieldExpression":
        s.isGenerator = true;
        for (const c of kids(n)) walk(c, s);
        return;
      case "ArrayComprehensionExpression":
      case "DictionaryComprehensionExpression":
      case "SetComprehensionExpression":
      case "ComprehensionExpression":
        comprehension(n, s);
        return;
      case "Decorator": {
        // `@a.b(c)`: only `a` is a name; `b` is an attribute.
        const cs = kids(n);
        let first = true;
        for (const c of cs) {
          if (c.name === "VariableName") {
            if (first) walk(c, s);
            first = false;
          } else if (c.name === "ArgList") walk(c, s);
        }
        return;
      }
      case "ArgList":
        // `f(x for x in y)`: the argument list is itself a generator expression.
        if (kids(n).some((c) => c.name === "for")) comprehension(n, s);
        else for (const c of kids(n)) walk(c, s);
        return;
      default:
        for (const c of kids(n)) walk(c, s);
    }
  }

  for (const c of kids(top)) walk(c, root);
  resolve(root);
  return { root, byNode };
}

function compName(n: SyntaxNode): string {
  if (n.name === "ArrayComprehensionExpression") return "<listcomp>";
  if (n.name === "DictionaryComprehensionExpression") return "<dictcomp>";
  return "<setcomp>";
}

/** Marks cells and frees: a name a function uses but does not bind is looked up in enclosing functions. */
function resolve(s: Scope): void {
  for (const c of s.children) resolve(c);
  const wanted = new Set([...s.used, ...s.nonlocals]);
  if (s.usesSuper && s.kind === "function") wanted.add("__class__");
  for (const c of s.children) for (const f of c.frees) wanted.add(f);
  for (const name of wanted) {
    if (s.kind === "function" && s.isLocal(name)) continue;
    if (s.globals.has(name)) continue;
    if (s.kind === "class" && name === "__class__") continue;
    // Find the nearest enclosing function that binds it (a class encloses `__class__` only).
    let p = s.parent;
    let owner: Scope | null = null;
    while (p !== null && p.kind !== "module") {
      if (p.kind === "function" && p.isLocal(name)) {
        owner = p;
        break;
      }
      if (p.kind === "class" && name === "__class__") {
        owner = p;
        break;
      }
      p = p.parent;
    }
    if (owner === null) continue;
    if (s.kind === "class" && s.assigned.has(name) && !s.nonlocals.has(name)) continue;
    s.frees.add(name);
    owner.cells.add(name);
    // Every scope between s and owner passes the cell through.
    for (let q = s.parent; q !== owner && q !== null; q = q.parent) q.frees.add(name);
  }
  assignSlots(s);
}

function assignSlots(s: Scope): void {
  if (s.kind === "module") return;
  const add = (n: string) => {
    if (!s.slots.has(n)) s.slots.set(n, s.slots.size);
  };
  for (const p of s.params) add(p);
  if (s.kind === "function") for (const n of s.assigned) if (s.isLocal(n)) add(n);
  for (const n of s.cells) add(n);
  for (const n of s.frees) add(n);
}
