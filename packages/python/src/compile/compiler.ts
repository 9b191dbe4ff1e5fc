import type { SyntaxNode } from "@lezer/common";
import { PyException, UnsupportedSyntaxError } from "../errors";
import type { KwArgs } from "../interp/classes";
import { type CodeInfo, type Expr, Flow, type Frame, type Stmt } from "../interp/frame";
import { type Interp, RECURSION_LIMIT, UNBOUND } from "../interp/interp";
import { binop, compare, delItem, format, getItem, iter, next, setItem, toArray, unary } from "../interp/ops";
import { rawOffset, slotAt } from "../objects/py-types";
import { decodeEscapes, decodeNumber, decodeString, looksLikeIdentifier } from "./literals";
import { analyzeModule, assignParts, items, kids, type Scope } from "./scopes";

/** A store into a target: consumes the owned value. */
type Store = (f: Frame, v: number) => void;
/** A statement of a generator body: yields owned values, receives the sent value, returns its Flow. */
type GStmt = (f: Frame) => Generator<number, Flow, number>;

/**
 * Compiles a module's syntax tree ONCE into closures: each statement a `Stmt`, each expression an `Expr`
 * returning an owned handle, each function body a `CodeInfo` whose `invoke` binds arguments into fast
 * locals as CPython 3.11's frame does. Names resolve at compile time (fast local, cell, global or
 * namespace), constants are read from the code object's `co_consts` tuple on the heap, and every literal
 * the tree holds is kept alive by the module's arena for the run, as CPython's AST arena is.
 *
 * @example
 * const c = new Compiler(interp, src, "x.py", tree.topNode); const code = c.compileModule();
 */
export class Compiler {
  private readonly scopes: Map<number, Scope>;
  private readonly root: Scope;
  /** Canonical constant objects of this module, by value key: owned handles. */
  private readonly constCache = new Map<string, number>();
  /** Objects the syntax tree's literals hold for the run (CPython's AST arena). */
  readonly arena: number[] = [];
  /** Persistent handles to code objects, by code id. */
  readonly codeObjects: number[] = [];

  constructor(
    private readonly ip: Interp,
    private readonly src: string,
    private readonly filename: string,
    top: SyntaxNode,
  ) {
    const a = analyzeModule(top, src);
    this.scopes = a.byNode;
    this.root = a.root;
  }

  private text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  private lineOf(n: SyntaxNode): number {
    let line = 1;
    for (let i = 0; i < n.from; i++) if (this.src.charCodeAt(i) === 10) line++;
    return line;
  }

  private unsupported(n: SyntaxNode, what: string): never {
    const line = this.lineOf(n);
    const col = n.from - this.src.lastIndexOf("\n", n.from - 1);
    throw new UnsupportedSyntaxError(this.filename, line, col, what);
  }

  private scopeOf(n: SyntaxNode): Scope {
    return this.scopes.get(n.from * 1e6 + n.to)!;
  }

  // ---------------------------------------------------------------- code objects

  /** Compiles the module body; its code's consts live on the heap like every function's. */
  compileModule(): CodeInfo {
    const code = this.compileCode(this.root, kids(this.root.node), null);
    // The compiler's constant cache dies with the compiler: co_consts and the arena keep the objects.
    for (const h of this.constCache.values()) this.ip.rel(h);
    this.constCache.clear();
    return code;
  }

  private compileCode(s: Scope, body: SyntaxNode[], exprBody: SyntaxNode | null): CodeInfo {
    const ip = this.ip;
    const consts: number[] = [];
    const ctx: Ctx = { scope: s, consts, code: 0, loop: 0 };
    const id = ip.codes.length;
    const info = this.codeInfo(
      s,
      id,
      // co_firstlineno of a decorated function is its first decorator's line, as in CPython.
      this.lineOf(s.node.parent?.name === "DecoratedStatement" ? s.node.parent : s.node),
      this.lineOf(s.node) + this.text(s.node).trimEnd().split("\n").length - 1,
    );
    ip.codes.push(info);
    ctx.code = id;
    if (exprBody !== null) {
      const e = this.expr(exprBody, ctx);
      info.body = (f) => {
        f.ret = e(f);
        return Flow.Return;
      };
    } else if (s.isGenerator && s.kind === "function") {
      info.genBody = this.gblock(body, ctx);
    } else info.body = this.block(body, ctx);
    this.finishCode(info, consts);
    return info;
  }

  /** A CodeInfo from a scope's parameters and slots; the body is filled in by the caller. */
  private codeInfo(s: Scope, id: number, firstLine: number, lastLine: number): CodeInfo {
    return {
      id,
      name: s.name,
      qualname: s.qualname(),
      filename: this.filename,
      firstLine,
      lastLine,
      params: s.params,
      posCount: s.posCount,
      kwOnlyCount: s.kwOnlyCount,
      varargs: s.varargs === null ? -1 : s.slots.get(s.varargs)!,
      varkw: s.varkw === null ? -1 : s.slots.get(s.varkw)!,
      nlocals: s.slots.size,
      cells: [...s.cells].map((n) => ({ slot: s.slots.get(n)!, param: s.params.indexOf(n) })),
      frees: [...s.frees].map((n) => s.slots.get(n)!),
      isGenerator: s.isGenerator,
      classCellSlot: s.slots.get("__class__") ?? -1,
      body: () => Flow.Next,
      invoke: () => 0,
    };
  }

  /** The code object on the heap (co_consts holds each constant once, as CPython's does) and the entry point. */
  private finishCode(info: CodeInfo, consts: number[]): void {
    const ip = this.ip;
    const code = ip.newSlots(ip.t.code, {
      co_consts: ip.newTuple(consts.map((h) => ip.dup(h))),
      co_name: ip.intern(info.name),
      co_filename: ip.newStr(this.filename),
    });
    ip.setRaw(code, ip.t.code, 0, info.id);
    this.codeObjects[info.id] = code;
    info.invoke = makeInvoke(ip, info);
  }

  /** Index of a constant in the current code's co_consts, creating the canonical object once per module. */
  private constant(ctx: Ctx, key: string, make: () => number, identifier: boolean): number {
    const ip = this.ip;
    let h = this.constCache.get(key);
    if (h === undefined) {
      const wasInterned = identifier && key.startsWith("s:") && ip.interned.has(key.slice(2));
      h = make();
      this.constCache.set(key, h);
      // The tree's literal is the canonical object unless an interned twin already existed.
      this.arena.push(wasInterned ? ip.persist(ip.rt.newStr(key.slice(2))) : ip.dup(h));
    } else {
      this.arena.push(identifier || key.length <= 3 ? ip.dup(h) : this.fresh(key, h));
    }
    let i = ctx.consts.indexOf(h);
    if (i < 0) i = ctx.consts.push(h) - 1;
    return i;
  }

  /** A new object equal to a constant (a second occurrence of a literal in the tree). */
  private fresh(key: string, h: number): number {
    const ip = this.ip;
    if (key.startsWith("s:")) return ip.newStr(key.slice(2));
    if (key.startsWith("f:")) return ip.newFloat(Number(key.slice(2)));
    if (key.startsWith("i:")) return ip.newInt(Number(key.slice(2)));
    return ip.dup(h);
  }

  private loadConst(ctx: Ctx, i: number): Expr {
    const ip = this.ip;
    const codeId = ctx.code;
    const m = ip.m;
    return () => {
      const code = ip.addr(this.codeObjects[codeId]!);
      const tuple = m.u32[(code + 8) >>> 2]!; // co_consts is the first slot
      return ip.own(m.u32[(tuple + 16 + 8 * i) >>> 2]!);
    };
  }

  private constExpr(ctx: Ctx, key: string, make: () => number, identifier = false): Expr {
    return this.loadConst(ctx, this.constant(ctx, key, make, identifier));
  }

  // ---------------------------------------------------------------- statements

  private block(nodes: SyntaxNode[], ctx: Ctx): Stmt {
    const stmts = nodes.filter((n) => n.name !== "Comment" && n.name !== ":").map((n) => this.stmt(n, ctx));
    const n = stmts.length;
    if (n === 1) return stmts[0]!;
    return (f) => {
      for (let i = 0; i < n; i++) {
        const r = stmts[i]!(f);
        if (r !== Flow.Next) return r;
      }
      return Flow.Next;
    };
  }

  private body(n: SyntaxNode, ctx: Ctx): Stmt {
    return this.block(kids(n), ctx);
  }

  private stmt(n: SyntaxNode, ctx: Ctx): Stmt {
    const inner = this.stmtInner(n, ctx);
    const line = this.lineOf(n);
    const ip = this.ip;
    return (f) => {
      f.line = line;
      if (ip.onLine !== null) ip.onLine(line, f.code.filename);
      const prof = ip.profiler;
      if (prof?.codes.has(f.code.id)) prof.line(f, f.code.id, line);
      return inner(f);
    };
  }

  private stmtInner(n: SyntaxNode, ctx: Ctx): Stmt {
    const ip = this.ip;
    const cs = kids(n);
    switch (n.name) {
      case "ExpressionStatement": {
        const e = this.expr(cs[0]!, ctx);
        return (f) => {
          ip.rel(e(f));
          return Flow.Next;
        };
      }
      case "StatementGroup":
        return this.block(
          items(cs).filter((c) => c.name !== ";"),
          ctx,
        );
      case "PassStatement":
      case "ScopeStatement":
        return () => Flow.Next;
      case "BreakStatement":
        return () => Flow.Break;
      case "ContinueStatement":
        return () => Flow.Continue;
      case "ReturnStatement": {
        const vs = items(cs.slice(1));
        const e = vs.length === 0 ? null : this.tupleOrSingle(vs, ctx, cs.slice(1));
        return (f) => {
          f.ret = e === null ? 0 : e(f);
          return Flow.Return;
        };
      }
      case "AssignStatement":
        return this.assign(n, ctx);
      case "UpdateStatement":
        return this.update(cs, ctx);
      case "IfStatement":
        return this.ifStmt(cs, ctx);
      case "WhileStatement":
        return this.whileStmt(cs, ctx);
      case "ForStatement":
        return this.forStmt(cs, ctx);
      case "FunctionDefinition":
        return this.def(n, ctx, []);
      case "ClassDefinition":
        return this.classDef(n, ctx, []);
      case "DecoratedStatement": {
        const decos = cs.filter((c) => c.name === "Decorator").map((d) => this.decorator(d, ctx));
        const target = cs[cs.length - 1]!;
        return target.name === "ClassDefinition"
          ? this.classDef(target, ctx, decos)
          : this.def(target, ctx, decos);
      }
      case "ImportStatement":
        return this.importStmt(cs, ctx);
      case "DeleteStatement": {
        const dels = items(cs.slice(1)).map((t) => this.del(t, ctx));
        return (f) => {
          for (const d of dels) d(f);
          return Flow.Next;
        };
      }
      case "RaiseStatement":
        return this.raiseStmt(cs, ctx);
      case "TryStatement":
        return this.tryStmt(cs, ctx);
      case "WithStatement":
        return this.withStmt(cs, ctx);
      case "AssertStatement": {
        const es = items(cs.slice(1));
        const test = this.expr(es[0]!, ctx);
        const msg = es[1] === undefined ? null : this.expr(es[1], ctx);
        return (f) => {
          const v = test(f);
          const ok = ip.truthy(v);
          ip.rel(v);
          if (!ok) throw ip.exceptionWith("AssertionError", msg === null ? [] : [msg(f)]);
          return Flow.Next;
        };
      }
      case "YieldStatement": {
        const e = cs.length > 1 ? this.expr(cs[1]!, ctx) : null;
        return (f) => {
          ip.yieldValue(f, e === null ? 0 : e(f));
          return Flow.Next;
        };
      }
      default:
        return this.unsupported(n, `'${n.name}'`);
    }
  }

  private tupleOrSingle(vs: SyntaxNode[], ctx: Ctx, all: SyntaxNode[]): Expr {
    if (vs.length === 1 && !all.some((c) => c.name === ",")) return this.expr(vs[0]!, ctx);
    const es = vs.map((v) => this.expr(v, ctx));
    const ip = this.ip;
    return (f) => ip.newTuple(evalAll(es, f));
  }

  private assign(n: SyntaxNode, ctx: Ctx): Stmt {
    const { targets, value } = assignParts(n);
    const ip = this.ip;
    const v = this.tupleOrSingle(items(value), ctx, value);
    const stores = targets.map((g) => {
      const ts = items(g);
      return ts.length === 1 && !g.some((c) => c.name === ",")
        ? this.store(ts[0]!, ctx)
        : this.unpack(ts, ctx);
    });
    if (stores.length === 1) {
      const st = stores[0]!;
      return (f) => {
        st(f, v(f));
        return Flow.Next;
      };
    }
    return (f) => {
      const x = v(f);
      for (let i = 0; i < stores.length; i++) stores[i]!(f, i === stores.length - 1 ? x : ip.dup(x));
      return Flow.Next;
    };
  }

  private update(cs: SyntaxNode[], ctx: Ctx): Stmt {
    const ip = this.ip;
    const target = cs[0]!;
    const op = this.text(cs[1]!).slice(0, -1);
    const value = this.expr(cs[2]!, ctx);
    if (target.name === "MemberExpression" && kids(target)[1]!.name === ".") {
      const tk = kids(target);
      const obj = this.expr(tk[0]!, ctx);
      const name = this.text(tk[2]!);
      return (f) => {
        const o = obj(f);
        try {
          const cur = ip.getAttr(o, name);
          const rhs = value(f);
          const r = this.inplace(op, cur, rhs);
          ip.setAttr(o, name, r);
          ip.rel(r);
        } finally {
          ip.rel(o);
        }
        return Flow.Next;
      };
    }
    if (target.name === "MemberExpression") {
      const tk = kids(target);
      const obj = this.expr(tk[0]!, ctx);
      const key = this.subscriptKey(tk.slice(1), ctx);
      return (f) => {
        const o = obj(f);
        const k = key(f);
        try {
          const cur = getItem(ip, o, k);
          const r = this.inplace(op, cur, value(f));
          setItem(ip, o, k, r);
          ip.rel(r);
        } finally {
          ip.rel(o);
          ip.rel(k);
        }
        return Flow.Next;
      };
    }
    const load = this.expr(target, ctx);
    const st = this.store(target, ctx);
    return (f) => {
      const cur = load(f);
      st(f, this.inplace(op, cur, value(f)));
      return Flow.Next;
    };
  }

  /** `a op= b`: lists extend in place; everything else is the binary operator. Consumes both. */
  private inplace(op: string, a: number, b: number): number {
    const ip = this.ip;
    try {
      if (op === "+" && ip.kind(a) === "list") {
        for (const x of toArray(ip, b)) {
          ip.rt.append(a, x);
          ip.rel(x);
        }
        return ip.dup(a);
      }
      return binop(ip, op, a, b);
    } finally {
      ip.rel(a);
      ip.rel(b);
    }
  }

  private cond(n: SyntaxNode, ctx: Ctx): (f: Frame) => boolean {
    const e = this.expr(n, ctx);
    const ip = this.ip;
    return (f) => {
      const v = e(f);
      const b = ip.truthy(v);
      ip.rel(v);
      return b;
    };
  }

  private ifStmt(cs: SyntaxNode[], ctx: Ctx): Stmt {
    const arms: { test: ((f: Frame) => boolean) | null; body: Stmt }[] = [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c.name === "if" || c.name === "elif") {
        arms.push({ test: this.cond(cs[i + 1]!, ctx), body: this.body(cs[i + 2]!, ctx) });
        i += 2;
      } else if (c.name === "else") {
        arms.push({ test: null, body: this.body(cs[i + 1]!, ctx) });
        i++;
      }
    }
    return (f) => {
      for (const a of arms) if (a.test === null || a.test(f)) return a.body(f);
      return Flow.Next;
    };
  }

  private whileStmt(cs: SyntaxNode[], ctx: Ctx): Stmt {
    const test = this.cond(cs[1]!, ctx);
    const body = this.body(cs[2]!, ctx);
    const orelse = cs[3]?.name === "else" ? this.body(cs[4]!, ctx) : null;
    const rt = this.ip.rt;
    return (f) => {
      const mark = rt.openScope();
      while (test(f)) {
        const r = body(f);
        rt.closeScope(mark);
        if (r === Flow.Break) return Flow.Next;
        if (r === Flow.Return) return r;
      }
      return orelse === null ? Flow.Next : orelse(f);
    };
  }

  private forStmt(cs: SyntaxNode[], ctx: Ctx): Stmt {
    const ip = this.ip;
    const { store, inAt: i } = this.forTarget(cs, 1, ctx);
    const iterable = this.expr(cs[i + 1]!, ctx);
    const body = this.body(cs[i + 2]!, ctx);
    const orelse = cs[i + 3]?.name === "else" ? this.body(cs[i + 4]!, ctx) : null;
    const rt = ip.rt;
    return (f) => {
      const src = iterable(f);
      const it = iter(ip, src);
      ip.rel(src);
      const mark = rt.openScope();
      try {
        for (;;) {
          const v = next(ip, it);
          if (v === UNBOUND) break;
          store(f, v);
          const r = body(f);
          rt.closeScope(mark);
          if (r === Flow.Break) return Flow.Next;
          if (r === Flow.Return) return r;
        }
      } finally {
        ip.rel(it);
      }
      return orelse === null ? Flow.Next : orelse(f);
    };
  }

  /** The target of a `for` (one name, or a tuple to unpack) from `from` up to `in`, and where `in` is. */
  private forTarget(cs: SyntaxNode[], from: number, ctx: Ctx): { store: Store; inAt: number } {
    let i = from;
    const targets: SyntaxNode[] = [];
    while (cs[i]!.name !== "in") targets.push(cs[i++]!);
    const ts = items(targets);
    const store =
      ts.length === 1 && !targets.some((c) => c.name === ",")
        ? this.store(ts[0]!, ctx)
        : this.unpack(ts, ctx);
    return { store, inAt: i };
  }

  private raiseStmt(cs: SyntaxNode[], ctx: Ctx): Stmt {
    const ip = this.ip;
    const es = items(cs.slice(1)).filter((c) => c.name !== "from");
    const e = es[0] === undefined ? null : this.expr(es[0], ctx);
    return (f) => {
      if (e === null) {
        const cur = ip.handling.at(-1);
        if (cur === undefined) return ip.raise("RuntimeError", "No active exception to reraise");
        throw new PyException(ip.dup(cur));
      }
      const v = e(f);
      const c = ip.classFromObject(v);
      if (c !== null) {
        ip.rel(v);
        throw new PyException(ip.instantiate(c, [], null));
      }
      if (!ip.classOf(v).isException) {
        ip.rel(v);
        ip.raise("TypeError", "exceptions must derive from BaseException");
      }
      throw new PyException(v);
    };
  }

  private tryStmt(cs: SyntaxNode[], ctx: Ctx): Stmt {
    const ip = this.ip;
    const body = this.body(cs[1]!, ctx);
    const { handlers, orelse, final } = this.tryClauses(cs, (b) => this.body(b, ctx), ctx);
    const asNames = cs
      .map((c, k) => (c.name === "as" && cs[k + 1]?.name === "VariableName" ? cs[k + 1]! : null))
      .filter((x) => x !== null);
    const delAs = asNames.map((n) => this.del(n, ctx, true));
    const guarded: Stmt = (f) => {
      let r: Flow;
      try {
        r = body(f);
      } catch (err) {
        const pe = ip.toPy(err);
        for (let h = 0; h < handlers.length; h++) {
          const hd = handlers[h]!;
          if (!ip.exceptionMatches(f, hd.match, pe.exc)) continue;
          ip.handling.push(pe.exc);
          try {
            if (hd.store !== null) hd.store(f, ip.dup(pe.exc));
            return hd.body(f);
          } finally {
            ip.handling.pop();
            ip.rel(pe.exc);
            for (const d of delAs) d(f);
          }
        }
        throw pe;
      }
      if (r === Flow.Next && orelse !== null) return orelse(f);
      return r;
    };
    if (final === null) return guarded;
    return (f) => {
      let r: Flow;
      try {
        r = guarded(f);
      } catch (err) {
        const pe = err instanceof PyException || !(err instanceof Error) ? err : ip.toPy(err);
        const fr = final(f);
        if (fr !== Flow.Next) return fr;
        throw pe;
      }
      const saved = f.ret;
      const fr = final(f);
      if (fr !== Flow.Next) {
        if (r === Flow.Return) ip.rel(saved);
        return fr;
      }
      return r;
    };
  }

  /** The clauses of a `try` after its body: handlers (class, `as` target, body), `else`, `finally`. */
  private tryClauses<B>(cs: SyntaxNode[], compileBody: (b: SyntaxNode) => B, ctx: Ctx) {
    const handlers: { match: Expr | null; store: Store | null; body: B }[] = [];
    let orelse: B | null = null;
    let final: B | null = null;
    for (let i = 2; i < cs.length; i++) {
      const c = cs[i]!;
      if (c.name === "except") {
        let match: Expr | null = null;
        let store: Store | null = null;
        i++;
        if (cs[i]!.name !== "Body") {
          match = this.expr(cs[i]!, ctx);
          i++;
          if (cs[i]!.name === "as") {
            store = this.store(cs[i + 1]!, ctx);
            i += 2;
          }
        }
        handlers.push({ match, store, body: compileBody(cs[i]!) });
      } else if (c.name === "else") orelse = compileBody(cs[++i]!);
      else if (c.name === "finally") final = compileBody(cs[++i]!);
    }
    return { handlers, orelse, final };
  }

  private withStmt(cs: SyntaxNode[], ctx: Ctx): Stmt {
    const ip = this.ip;
    const managers: { e: Expr; store: Store | null }[] = [];
    let body: Stmt = () => Flow.Next;
    for (let i = 1; i < cs.length; i++) {
      const c = cs[i]!;
      if (c.name === "Body") body = this.body(c, ctx);
      else if (c.name === ",") continue;
      else {
        let store: Store | null = null;
        if (cs[i + 1]?.name === "as") {
          store = this.store(cs[i + 2]!, ctx);
          managers.push({ e: this.expr(c, ctx), store });
          i += 2;
        } else managers.push({ e: this.expr(c, ctx), store });
      }
    }
    const run = (f: Frame, k: number): Flow => {
      if (k === managers.length) return body(f);
      const m = managers[k]!;
      const mgr = m.e(f);
      const exit = ip.getAttr(mgr, "__exit__");
      try {
        const v = ip.callMethod(mgr, "__enter__", []);
        if (m.store !== null) m.store(f, v);
        else ip.rel(v);
        let r: Flow;
        try {
          r = run(f, k + 1);
        } catch (err) {
          const pe = ip.toPy(err);
          const cls = ip.dup(ip.classOf(pe.exc).obj);
          const res = ip.call(ip.dup(exit), [cls, ip.dup(pe.exc), 0]);
          const swallow = ip.truthy(res);
          ip.rel(res);
          if (swallow) {
            ip.rel(pe.exc);
            return Flow.Next;
          }
          throw pe;
        }
        ip.rel(ip.call(ip.dup(exit), [0, 0, 0]));
        return r;
      } finally {
        ip.rel(exit);
        ip.rel(mgr);
      }
    };
    return (f) => run(f, 0);
  }

  private importStmt(cs: SyntaxNode[], ctx: Ctx): Stmt {
    const ip = this.ip;
    if (cs[0]!.name === "from") {
      const modName: string[] = [];
      let i = 1;
      for (; cs[i]!.name !== "import"; i++) modName.push(this.text(cs[i]!));
      const names: { name: string; store: Store }[] = [];
      for (i++; i < cs.length; i++) {
        const c = cs[i]!;
        if (c.name !== "VariableName") {
          if (c.name === "*") this.unsupported(c, "'from ... import *'");
          continue;
        }
        let target = c;
        if (cs[i + 1]?.name === "as") {
          target = cs[i + 2]!;
          i += 2;
        }
        names.push({ name: this.text(c), store: this.store(target, ctx) });
      }
      const mod = modName.join("");
      return (f) => {
        const m = ip.importModule(mod);
        try {
          for (const n of names) n.store(f, ip.getAttr(m, n.name));
        } finally {
          ip.rel(m);
        }
        return Flow.Next;
      };
    }
    const mods: { name: string; store: Store }[] = [];
    for (let i = 1; i < cs.length; i++) {
      const c = cs[i]!;
      if (c.name !== "VariableName") continue;
      let full = this.text(c);
      while (cs[i + 1]?.name === ".") {
        full += `.${this.text(cs[i + 2]!)}`;
        i += 2;
      }
      let target = c;
      if (cs[i + 1]?.name === "as") {
        target = cs[i + 2]!;
        i += 2;
      }
      mods.push({ name: full, store: this.store(target, ctx) });
    }
    return (f) => {
      for (const m of mods) m.store(f, ip.importModule(m.name));
      return Flow.Next;
    };
  }

  /** `def`: evaluates defaults, builds the closure tuple from the frame's cells, makes the function. */
  private def(n: SyntaxNode, ctx: Ctx, decorators: Expr[]): Stmt {
    const cs = kids(n);
    const nameNode = cs.find((c) => c.name === "VariableName")!;
    const make = this.makeFunction(n, ctx);
    const store = this.store(nameNode, ctx);
    const ip = this.ip;
    return (f) => {
      const decos = evalAll(decorators, f);
      let fn = make(f);
      for (let i = decos.length - 1; i >= 0; i--) {
        const d = decos[i]!;
        const r = ip.call(d, [fn]);
        ip.rel(d);
        fn = r;
      }
      store(f, fn);
      return Flow.Next;
    };
  }

  private makeFunction(n: SyntaxNode, ctx: Ctx): Expr {
    const fs = this.scopeOf(n);
    const cs = kids(n);
    const params = cs.find((c) => c.name === "ParamList");
    const defaults: Expr[] = [];
    const kwDefaults: { name: string; e: Expr }[] = [];
    if (params !== undefined) {
      const ps = kids(params);
      let kwonly = false;
      for (let i = 0; i < ps.length; i++) {
        if (ps[i]!.name === "*") kwonly = true;
        if (ps[i]!.name === "AssignOp") {
          const e = this.expr(ps[i + 1]!, ctx);
          if (kwonly) kwDefaults.push({ name: this.text(ps[i - 1]!), e });
          else defaults.push(e);
        }
      }
    }
    if (kwDefaults.length > 0) this.unsupported(n, "a keyword-only parameter with a default");
    const body = n.name === "FunctionDefinition" ? kids(cs.find((c) => c.name === "Body")!) : null;
    const info = this.compileCode(fs, body ?? [], body === null ? cs[cs.length - 1]! : null);
    return this.functionMaker(info, fs, ctx, defaults);
  }

  /**
   * MAKE_FUNCTION: the code object from co_consts, the globals, the qualified name constant, the
   * defaults tuple and the closure tuple of the enclosing frame's cells.
   */
  private functionMaker(info: CodeInfo, fs: Scope, ctx: Ctx, defaults: Expr[]): Expr {
    const ip = this.ip;
    const freeLoads = [...fs.frees].map((name) => this.cellRef(name, ctx));
    const loadCode = this.loadConst(ctx, this.constantCode(ctx, info.id));
    const qual = this.constExpr(ctx, `s:${info.qualname}`, () => ip.intern(info.qualname), true);
    return (f) => {
      const defs = defaults.length === 0 ? 0 : ip.newTuple(evalAll(defaults, f));
      const closure = freeLoads.length === 0 ? 0 : ip.newTuple(evalAll(freeLoads, f));
      return ip.newSlots(ip.t.function, {
        __code__: loadCode(f),
        __globals__: ip.dup(f.globals),
        __name__: ip.intern(info.name),
        __qualname__: qual(f),
        __defaults__: defs,
        __closure__: closure,
      });
    };
  }

  /** Puts a code object in the current code's co_consts. */
  private constantCode(ctx: Ctx, id: number): number {
    const h = this.codeObjects[id]!;
    let i = ctx.consts.indexOf(h);
    if (i < 0) i = ctx.consts.push(h) - 1;
    return i;
  }

  /** Loads the cell object (not its contents) for a free or cell variable of the current scope. */
  private cellRef(name: string, ctx: Ctx): Expr {
    const slot = ctx.scope.slots.get(name);
    const ip = this.ip;
    if (slot === undefined) throw new Error(`internal: no cell ${name} in ${ctx.scope.name}`);
    return (f) => ip.dup(f.locals[slot]!);
  }

  private classDef(n: SyntaxNode, ctx: Ctx, decorators: Expr[]): Stmt {
    const ip = this.ip;
    const cs = kids(n);
    const nameNode = cs.find((c) => c.name === "VariableName")!;
    const name = this.text(nameNode);
    const cl = this.scopeOf(n);
    const argList = cs.find((c) => c.name === "ArgList");
    const bases =
      argList === undefined
        ? []
        : items(kids(argList)).map((b) => {
            if (b.name !== "VariableName" && b.name !== "MemberExpression")
              this.unsupported(b, "a class keyword or starred base");
            return this.expr(b, ctx);
          });
    const info = this.compileCode(cl, kids(cs.find((c) => c.name === "Body")!), null);
    const freeLoads = [...cl.frees].map((nm) => this.cellRef(nm, ctx));
    const classCell = cl.cells.has("__class__") ? cl.slots.get("__class__")! : -1;
    const store = this.store(nameNode, ctx);
    return (f) => {
      const bs = evalAll(bases, f);
      const ns = ip.newDict();
      const modKey = ip.intern("__module__");
      const modVal = ip.intern("__main__");
      ip.rt.dictSet(ns, modKey, modVal);
      ip.rel(modKey);
      ip.rel(modVal);
      const qk = ip.intern("__qualname__");
      const qv = ip.newStr(info.qualname);
      ip.rt.dictSet(ns, qk, qv);
      ip.rel(qk);
      ip.rel(qv);
      const locals = new Array<number>(info.nlocals).fill(UNBOUND);
      for (const c of info.cells) locals[c.slot] = ip.newCell(UNBOUND);
      info.frees.forEach((slot, k) => {
        locals[slot] = freeLoads[k]!(f);
      });
      const frame: Frame = {
        code: info,
        locals,
        globals: f.globals,
        ns,
        fn: 0,
        line: info.firstLine,
        ret: 0,
        back: f,
      };
      const saved = ip.frame;
      ip.frame = frame;
      try {
        info.body(frame);
      } finally {
        ip.frame = saved;
      }
      let cls = ip.makeClass(name, bs, ns);
      if (classCell >= 0) ip.setCell(locals[classCell]!, cls);
      for (const l of locals) ip.rel(l);
      ip.rel(ns);
      for (let i = decorators.length - 1; i >= 0; i--) {
        const d = decorators[i]!(f);
        const r = ip.call(d, [cls]);
        ip.rel(d);
        cls = r;
      }
      store(f, cls);
      return Flow.Next;
    };
  }

  // ---------------------------------------------------------------- generator bodies

  /** Whether a statement's own code (not a nested function or class) contains `yield`. */
  private hasYield(n: SyntaxNode): boolean {
    if (n.name === "YieldStatement" || n.name === "YieldExpression") return true;
    if (
      n.name === "FunctionDefinition" ||
      n.name === "LambdaExpression" ||
      n.name === "ClassDefinition" ||
      n.name.endsWith("ComprehensionExpression")
    )
      return false;
    for (let c = n.firstChild; c !== null; c = c.nextSibling) if (this.hasYield(c)) return true;
    return false;
  }

  /**
   * A generator's body compiles to JavaScript generator functions wherever a `yield` can suspend it;
   * statements without one are the ordinary closures. The frame's locals stay in the frame while the
   * generator is suspended, as CPython's generator keeps its frame.
   */
  private gblock(nodes: SyntaxNode[], ctx: Ctx): GStmt {
    const gs = nodes.filter((n) => n.name !== "Comment" && n.name !== ":").map((n) => this.gstmt(n, ctx));
    return function* (f) {
      for (const g of gs) {
        const r = yield* g(f);
        if (r !== Flow.Next) return r;
      }
      return Flow.Next;
    };
  }

  private gstmt(n: SyntaxNode, ctx: Ctx): GStmt {
    if (!this.hasYield(n)) {
      const s = this.stmt(n, ctx);
      // biome-ignore lint/correctness/useYield: a statement without yield runs to its end inside the generator
      return function* (f) {
        return s(f);
      };
    }
    const ip = this.ip;
    const line = this.lineOf(n);
    const inner = this.gstmtInner(n, ctx);
    return function* (f) {
      f.line = line;
      if (ip.onLine !== null) ip.onLine(line, f.code.filename);
      return yield* inner(f);
    };
  }

  /** `yield v` as an expression: suspends with v (owned), resumes with the value sent (owned). */
  private yieldValue(n: SyntaxNode, ctx: Ctx): (f: Frame) => Generator<number, number, number> {
    const vs = items(kids(n).slice(1));
    const e = vs.length === 0 ? null : this.tupleOrSingle(vs, ctx, kids(n).slice(1));
    return function* (f) {
      return yield e === null ? 0 : e(f);
    };
  }

  private gstmtInner(n: SyntaxNode, ctx: Ctx): GStmt {
    const ip = this.ip;
    const cs = kids(n);
    const unwrap = (x: SyntaxNode): SyntaxNode =>
      x.name === "ParenthesizedExpression" ? unwrap(items(kids(x))[0]!) : x;
    switch (n.name) {
      case "YieldStatement": {
        const y = this.yieldValue(n, ctx);
        return function* (f) {
          ip.rel(yield* y(f));
          return Flow.Next;
        };
      }
      case "ExpressionStatement": {
        const e = unwrap(cs[0]!);
        if (e.name !== "YieldExpression") break;
        const y = this.yieldValue(e, ctx);
        return function* (f) {
          ip.rel(yield* y(f));
          return Flow.Next;
        };
      }
      case "AssignStatement": {
        const { targets, value } = assignParts(n);
        const v = items(value);
        if (targets.length !== 1 || v.length !== 1 || unwrap(v[0]!).name !== "YieldExpression") break;
        const ts = items(targets[0]!);
        const store = ts.length === 1 ? this.store(ts[0]!, ctx) : this.unpack(ts, ctx);
        const y = this.yieldValue(unwrap(v[0]!), ctx);
        return function* (f) {
          store(f, yield* y(f));
          return Flow.Next;
        };
      }
      case "IfStatement": {
        const arms: { test: ((f: Frame) => boolean) | null; body: GStmt }[] = [];
        for (let i = 0; i < cs.length; i++) {
          const c = cs[i]!;
          if (c.name === "if" || c.name === "elif") {
            if (this.hasYield(cs[i + 1]!)) break;
            arms.push({ test: this.cond(cs[i + 1]!, ctx), body: this.gblock(kids(cs[i + 2]!), ctx) });
            i += 2;
          } else if (c.name === "else") {
            arms.push({ test: null, body: this.gblock(kids(cs[i + 1]!), ctx) });
            i++;
          }
        }
        return function* (f) {
          for (const a of arms) if (a.test === null || a.test(f)) return yield* a.body(f);
          return Flow.Next;
        };
      }
      case "WhileStatement": {
        if (this.hasYield(cs[1]!)) break;
        const test = this.cond(cs[1]!, ctx);
        const body = this.gblock(kids(cs[2]!), ctx);
        const orelse = cs[3]?.name === "else" ? this.gblock(kids(cs[4]!), ctx) : null;
        return function* (f) {
          while (test(f)) {
            const r = yield* body(f);
            if (r === Flow.Break) return Flow.Next;
            if (r === Flow.Return) return r;
          }
          return orelse === null ? Flow.Next : yield* orelse(f);
        };
      }
      case "ForStatement": {
        let i = 1;
        while (cs[i]!.name !== "in") i++;
        if (this.hasYield(cs[i + 1]!)) break;
        const { store } = this.forTarget(cs, 1, ctx);
        const iterable = this.expr(cs[i + 1]!, ctx);
        const body = this.gblock(kids(cs[i + 2]!), ctx);
        const orelse = cs[i + 3]?.name === "else" ? this.gblock(kids(cs[i + 4]!), ctx) : null;
        return function* (f) {
          const src = iterable(f);
          const it = iter(ip, src);
          ip.rel(src);
          try {
            for (;;) {
              const v = next(ip, it);
              if (v === UNBOUND) break;
              store(f, v);
              const r = yield* body(f);
              if (r === Flow.Break) return Flow.Next;
              if (r === Flow.Return) return r;
            }
          } finally {
            ip.rel(it);
          }
          return orelse === null ? Flow.Next : yield* orelse(f);
        };
      }
      case "TryStatement": {
        const body = this.gblock(kids(cs[1]!), ctx);
        const { handlers, orelse, final } = this.tryClauses(cs, (b) => this.gblock(kids(b), ctx), ctx);
        return function* (f) {
          try {
            let r: Flow;
            try {
              r = yield* body(f);
            } catch (err) {
              const pe = ip.toPy(err);
              for (const hd of handlers) {
                if (!ip.exceptionMatches(f, hd.match, pe.exc)) continue;
                ip.handling.push(pe.exc);
                try {
                  if (hd.store !== null) hd.store(f, ip.dup(pe.exc));
                  return yield* hd.body(f);
                } finally {
                  ip.handling.pop();
                  ip.rel(pe.exc);
                }
              }
              throw pe;
            }
            if (r === Flow.Next && orelse !== null) return yield* orelse(f);
            return r;
          } finally {
            if (final !== null) yield* final(f);
          }
        };
      }
      default:
        break;
    }
    return this.unsupported(n, "'yield' in this position");
  }

  // ---------------------------------------------------------------- names

  /** How a name is reached from the current scope. */
  private where(name: string, ctx: Ctx): "fast" | "cell" | "global" | "name" | "classcell" {
    const s = ctx.scope;
    if (s.kind === "module") return "name";
    if (s.globals.has(name)) return "global";
    if (s.kind === "class") return s.frees.has(name) && !s.assigned.has(name) ? "classcell" : "name";
    if (s.cells.has(name) || s.frees.has(name)) return "cell";
    if (s.slots.has(name)) return "fast";
    return "global";
  }

  private nameKey(name: string, ctx: Ctx): Expr {
    return this.constExpr(ctx, `s:${name}`, () => this.ip.intern(name), true);
  }

  private load(n: SyntaxNode, ctx: Ctx): Expr {
    const ip = this.ip;
    const name = this.text(n);
    const w = this.where(name, ctx);
    if (w === "fast") {
      const slot = ctx.scope.slots.get(name)!;
      return (f) => {
        const v = f.locals[slot]!;
        if (v === UNBOUND)
          ip.raise("UnboundLocalError", `local variable '${name}' referenced before assignment`);
        return ip.dup(v);
      };
    }
    if (w === "cell") {
      const slot = ctx.scope.slots.get(name)!;
      return (f) => {
        const v = ip.cellGet(f.locals[slot]!);
        if (v === UNBOUND)
          ip.raise("NameError", `free variable '${name}' referenced before assignment in enclosing scope`);
        return v;
      };
    }
    const key = this.nameKey(name, ctx);
    const fromNs = w === "name" && ctx.scope.kind === "class";
    const cellSlot = w === "classcell" ? ctx.scope.slots.get(name)! : -1;
    return (f): number => {
      const k = key(f);
      try {
        if (fromNs || cellSlot >= 0) {
          const v = ip.dictLookup(f.ns, k);
          if (v !== UNBOUND) return v;
          if (cellSlot >= 0) return ip.cellGet(f.locals[cellSlot]!);
        }
        const g = ip.dictLookup(f.globals, k);
        if (g !== UNBOUND) return g;
        const b = ip.dictLookup(ip.builtins, k);
        if (b !== UNBOUND) return b;
      } finally {
        ip.rel(k);
      }
      return ip.raise("NameError", `name '${name}' is not defined`);
    };
  }

  private store(n: SyntaxNode, ctx: Ctx): Store {
    const ip = this.ip;
    switch (n.name) {
      case "VariableName": {
        const name = this.text(n);
        const w = this.where(name, ctx);
        if (w === "fast") {
          const slot = ctx.scope.slots.get(name)!;
          return (f, v) => {
            const old = f.locals[slot]!;
            f.locals[slot] = v;
            ip.rel(old);
          };
        }
        if (w === "cell") {
          const slot = ctx.scope.slots.get(name)!;
          return (f, v) => {
            ip.setCell(f.locals[slot]!, v);
            ip.rel(v);
          };
        }
        const key = this.nameKey(name, ctx);
        const toNs = ctx.scope.kind === "class" && w !== "global";
        return (f, v) => {
          const k = key(f);
          try {
            ip.rt.dictSet(toNs ? f.ns : f.globals, k, v);
          } finally {
            ip.rel(k);
            ip.rel(v);
          }
        };
      }
      case "MemberExpression": {
        const cs = kids(n);
        const obj = this.expr(cs[0]!, ctx);
        if (cs[1]!.name === ".") {
          const name = this.text(cs[2]!);
          return (f, v) => {
            const o = obj(f);
            try {
              ip.setAttr(o, name, v);
            } finally {
              ip.rel(o);
              ip.rel(v);
            }
          };
        }
        const key = this.subscriptKey(cs.slice(1), ctx);
        return (f, v) => {
          const o = obj(f);
          const k = key(f);
          try {
            setItem(ip, o, k, v);
          } finally {
            ip.rel(o);
            ip.rel(k);
            ip.rel(v);
          }
        };
      }
      case "TupleExpression":
      case "ArrayExpression":
        return this.unpack(items(kids(n)), ctx);
      case "ParenthesizedExpression":
        return this.store(items(kids(n))[0]!, ctx);
      default:
        return this.unsupported(n, `assignment to ${n.name}`);
    }
  }

  private unpack(targets: SyntaxNode[], ctx: Ctx): Store {
    const ip = this.ip;
    if (targets.some((t) => t.name === "StarExpression" || this.text(t).startsWith("*")))
      this.unsupported(targets[0]!, "starred assignment");
    const stores = targets.map((t) => this.store(t, ctx));
    return (f, v) => {
      const xs = toArray(ip, v);
      ip.rel(v);
      if (xs.length !== stores.length) {
        for (const x of xs) ip.rel(x);
        if (xs.length > stores.length)
          ip.raise("ValueError", `too many values to unpack (expected ${stores.length})`);
        ip.raise("ValueError", `not enough values to unpack (expected ${stores.length}, got ${xs.length})`);
      }
      for (let i = 0; i < xs.length; i++) stores[i]!(f, xs[i]!);
    };
  }

  private del(n: SyntaxNode, ctx: Ctx, quiet = false): (f: Frame) => void {
    const ip = this.ip;
    if (n.name === "VariableName") {
      const name = this.text(n);
      const w = this.where(name, ctx);
      if (w === "fast") {
        const slot = ctx.scope.slots.get(name)!;
        return (f) => {
          const old = f.locals[slot]!;
          if (old === UNBOUND) {
            if (quiet) return;
            ip.raise("UnboundLocalError", `local variable '${name}' referenced before assignment`);
          }
          f.locals[slot] = UNBOUND;
          ip.rel(old);
        };
      }
      if (w === "cell") {
        const slot = ctx.scope.slots.get(name)!;
        return (f) => ip.setCell(f.locals[slot]!, UNBOUND);
      }
      const key = this.nameKey(name, ctx);
      const inNs = ctx.scope.kind === "class" && w !== "global";
      return (f) => {
        const k = key(f);
        const d = inNs ? f.ns : f.globals;
        try {
          if (!ip.rt.contains(d, k)) {
            if (quiet) return;
            ip.raise("NameError", `name '${name}' is not defined`);
          }
          ip.rt.dictDelete(d, k);
        } finally {
          ip.rel(k);
        }
      };
    }
    if (n.name === "MemberExpression") {
      const cs = kids(n);
      const obj = this.expr(cs[0]!, ctx);
      if (cs[1]!.name === ".") {
        const name = this.text(cs[2]!);
        return (f) => {
          const o = obj(f);
          try {
            ip.delAttr(o, name);
          } finally {
            ip.rel(o);
          }
        };
      }
      const key = this.subscriptKey(cs.slice(1), ctx);
      return (f) => {
        const o = obj(f);
        const k = key(f);
        try {
          delItem(ip, o, k);
        } finally {
          ip.rel(o);
          ip.rel(k);
        }
      };
    }
    if (n.name === "TupleExpression" || n.name === "ParenthesizedExpression") {
      const ds = items(kids(n)).map((c) => this.del(c, ctx));
      return (f) => {
        for (const d of ds) d(f);
      };
    }
    return this.unsupported(n, `del of ${n.name}`);
  }

  // ---------------------------------------------------------------- expressions

  private expr(n: SyntaxNode, ctx: Ctx): Expr {
    const ip = this.ip;
    const cs = kids(n);
    switch (n.name) {
      case "Number": {
        const t = this.text(n);
        if (/[jJ]$/.test(t)) this.unsupported(n, "a complex literal");
        const { int, value } = decodeNumber(t);
        return int
          ? this.constExpr(ctx, `i:${value}`, () => ip.newInt(value))
          : this.constExpr(ctx, `f:${value}`, () => ip.newFloat(Number(value)));
      }
      case "String": {
        const { value, bytes } = decodeString(this.text(n));
        if (bytes) {
          return this.constExpr(ctx, `b:${value}`, () =>
            ip.persist(ip.rt.newBytes(Uint8Array.from(value, (c) => c.charCodeAt(0)))),
          );
        }
        return this.strConst(value, ctx);
      }
      case "ContinuedString": {
        const parts = cs.map((c) => {
          if (c.name === "FormatString") this.unsupported(c, "an f-string in implicit concatenation");
          return decodeString(this.text(c)).value;
        });
        return this.strConst(parts.join(""), ctx);
      }
      case "FormatString":
        return this.fstring(n, ctx);
      case "None":
        return () => 0;
      case "Boolean": {
        const b = this.text(n) === "True";
        return () => ip.bool(b);
      }
      case "Ellipsis":
        return this.unsupported(n, "'...'");
      case "VariableName":
        return this.load(n, ctx);
      case "ParenthesizedExpression":
        return this.expr(items(cs)[0]!, ctx);
      case "TupleExpression": {
        const es = items(cs).map((c) => this.expr(c, ctx));
        if (es.length === 0) return () => ip.newTuple([]);
        return (f) => ip.newTuple(evalAll(es, f));
      }
      case "ArrayExpression": {
        if (cs.some((c) => c.name === "*")) return this.starredList(cs, ctx);
        const elts = items(cs);
        const es = elts.map((c) => this.expr(c, ctx));
        // Three or more constants compile to BUILD_LIST 0 + LIST_EXTEND of a constant tuple in 3.11.
        if (elts.length >= 3 && elts.every((c) => this.isConstant(c))) {
          return (f) => ip.newListPreallocated(evalAll(es, f));
        }
        return (f) => ip.newList(evalAll(es, f));
      }
      case "SetExpression": {
        const es = items(cs).map((c) => this.expr(c, ctx));
        return (f) => {
          const vs = evalAll(es, f);
          const s = ip.persist(ip.rt.newSet(vs));
          for (const v of vs) ip.rel(v);
          return s;
        };
      }
      case "DictionaryExpression":
        return this.dict(cs, ctx);
      case "BinaryExpression":
        return this.binary(n, cs, ctx);
      case "UnaryExpression": {
        const op = this.text(cs[0]!);
        const e = this.expr(cs[1]!, ctx);
        if (op === "not") {
          return (f) => {
            const v = e(f);
            const b = ip.truthy(v);
            ip.rel(v);
            return ip.bool(!b);
          };
        }
        return (f) => {
          const v = e(f);
          try {
            return unary(ip, op, v);
          } finally {
            ip.rel(v);
          }
        };
      }
      case "ConditionalExpression": {
        const parts = items(cs).filter((c) => c.name !== "if" && c.name !== "else");
        const a = this.expr(parts[0]!, ctx);
        const test = this.cond(parts[1]!, ctx);
        const b = this.expr(parts[2]!, ctx);
        return (f) => (test(f) ? a(f) : b(f));
      }
      case "CallExpression":
        return this.callExpr(cs, ctx);
      case "MemberExpression": {
        const obj = this.expr(cs[0]!, ctx);
        if (cs[1]!.name === ".") {
          const name = this.text(cs[2]!);
          return (f) => {
            const o = obj(f);
            try {
              return ip.getAttr(o, name);
            } finally {
              ip.rel(o);
            }
          };
        }
        const key = this.subscriptKey(cs.slice(1), ctx);
        return (f) => {
          const o = obj(f);
          const k = key(f);
          try {
            return getItem(ip, o, k);
          } finally {
            ip.rel(o);
            ip.rel(k);
          }
        };
      }
      case "LambdaExpression":
        return this.makeFunction(n, ctx);
      case "ArrayComprehensionExpression":
      case "SetComprehensionExpression":
      case "DictionaryComprehensionExpression":
      case "ComprehensionExpression":
        return this.comprehension(n, ctx);
      default:
        return this.unsupported(n, `'${n.name}'`);
    }
  }

  /** Whether CPython's compiler folds an expression to a constant (literals, negated numbers, tuples of them). */
  private isConstant(n: SyntaxNode): boolean {
    switch (n.name) {
      case "Number":
      case "String":
      case "ContinuedString":
      case "None":
      case "Boolean":
        return true;
      case "UnaryExpression": {
        const cs = kids(n);
        return this.text(cs[0]!) === "-" && cs[1]!.name === "Number";
      }
      case "TupleExpression":
        return items(kids(n)).every((c) => this.isConstant(c));
      case "ParenthesizedExpression":
        return this.isConstant(items(kids(n))[0]!);
      default:
        return false;
    }
  }

  private strConst(value: string, ctx: Ctx): Expr {
    const ip = this.ip;
    const ident = looksLikeIdentifier(value);
    return this.constExpr(ctx, `s:${value}`, () => (ident ? ip.intern(value) : ip.newStr(value)), ident);
  }

  private fstring(n: SyntaxNode, ctx: Ctx): Expr {
    const ip = this.ip;
    const text = this.text(n);
    let p = 0;
    while (text[p] !== "'" && text[p] !== '"') p++;
    const q = text.startsWith(text[p]!.repeat(3), p) ? 3 : 1;
    const start = n.from + p + q;
    const end = n.to - q;
    const raw = /r/i.test(text.slice(0, p));
    const parts: (string | { e: Expr; conv: string; spec: string })[] = [];
    let pos = start;
    const lit = (a: number, b: number) => {
      const s = this.src.slice(a, b).replace(/\{\{/g, "{").replace(/\}\}/g, "}");
      if (s !== "") parts.push(raw ? s : decodeEscapes(s));
    };
    for (const c of kids(n)) {
      if (c.name !== "FormatReplacement") continue;
      lit(pos, c.from);
      const rk = kids(c);
      const exprNode = rk.find(
        (x) => x.name !== "{" && x.name !== "}" && x.name !== "FormatConversion" && x.name !== "FormatSpec",
      )!;
      const conv = rk.find((x) => x.name === "FormatConversion");
      const spec = rk.find((x) => x.name === "FormatSpec");
      if (spec !== undefined && kids(spec).some((x) => x.name === "FormatReplacement"))
        this.unsupported(spec, "a nested replacement field in a format spec");
      parts.push({
        e: this.expr(exprNode, ctx),
        conv: conv === undefined ? "" : this.text(conv).slice(1),
        spec: spec === undefined ? "" : this.src.slice(spec.from + 1, spec.to),
      });
      pos = c.to;
    }
    lit(pos, end);
    return (f) => {
      let out = "";
      for (const part of parts) {
        if (typeof part === "string") out += part;
        else {
          const v = part.e(f);
          try {
            out += format(ip, v, part.spec, part.conv);
          } finally {
            ip.rel(v);
          }
        }
      }
      return ip.newStr(out);
    };
  }

  private starredList(cs: SyntaxNode[], ctx: Ctx): Expr {
    const ip = this.ip;
    const parts: { star: boolean; e: Expr }[] = [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c.name === "*") parts.push({ star: true, e: this.expr(cs[++i]!, ctx) });
      else if (!["[", "]", ","].includes(c.name)) parts.push({ star: false, e: this.expr(c, ctx) });
    }
    return (f) => {
      const out: number[] = [];
      for (const p of parts) {
        const v = p.e(f);
        if (!p.star) out.push(v);
        else {
          out.push(...toArray(ip, v));
          ip.rel(v);
        }
      }
      return ip.newList(out);
    };
  }

  private dict(cs: SyntaxNode[], ctx: Ctx): Expr {
    const ip = this.ip;
    const entries: { k: Expr | null; v: Expr }[] = [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c.name === "**") entries.push({ k: null, v: this.expr(cs[++i]!, ctx) });
      else if (!["{", "}", ",", ":"].includes(c.name)) {
        entries.push({ k: this.expr(c, ctx), v: this.expr(cs[i + 2]!, ctx) });
        i += 2;
      }
    }
    return (f) => {
      const d = ip.newDict();
      for (const en of entries) {
        if (en.k === null) {
          const src = en.v(f);
          ip.dictCopyInto(d, src);
          ip.rel(src);
          continue;
        }
        const k = en.k(f);
        const v = en.v(f);
        ip.rt.dictSet(d, k, v);
        ip.rel(k);
        ip.rel(v);
      }
      return d;
    };
  }

  private binary(_n: SyntaxNode, cs: SyntaxNode[], ctx: Ctx): Expr {
    const ip = this.ip;
    const opNodes = cs.slice(1, -1);
    const op = opNodes.map((c) => this.text(c)).join(" ");
    const right = cs[cs.length - 1]!;
    if (op === "and" || op === "or") {
      const a = this.expr(cs[0]!, ctx);
      const b = this.expr(right, ctx);
      const isAnd = op === "and";
      return (f) => {
        const v = a(f);
        if (ip.truthy(v) !== isAnd) return v;
        ip.rel(v);
        return b(f);
      };
    }
    const isCompare =
      opNodes.length > 1 || opNodes[0]!.name === "CompareOp" || ["in", "is"].includes(opNodes[0]!.name);
    if (!isCompare) {
      const a = this.expr(cs[0]!, ctx);
      const b = this.expr(right, ctx);
      return (f) => {
        const x = a(f);
        const y = b(f);
        try {
          return binop(ip, op, x, y);
        } finally {
          ip.rel(x);
          ip.rel(y);
        }
      };
    }
    // A chain `a < b < c` is nested left in the tree: flatten it and evaluate each operand once.
    const operands: SyntaxNode[] = [right];
    const ops: string[] = [op];
    let left = cs[0]!;
    while (left.name === "BinaryExpression") {
      const lk = kids(left);
      const lops = lk.slice(1, -1);
      const lop = lops.map((c) => this.text(c)).join(" ");
      const isCmp = lops.length > 1 || lops[0]!.name === "CompareOp" || ["in", "is"].includes(lops[0]!.name);
      if (!isCmp) break;
      operands.unshift(lk[lk.length - 1]!);
      ops.unshift(lop);
      left = lk[0]!;
    }
    operands.unshift(left);
    const es = operands.map((o) => this.expr(o, ctx));
    if (es.length === 2) {
      const [a, b] = es as [Expr, Expr];
      return (f) => {
        const x = a(f);
        const y = b(f);
        try {
          return ip.bool(compare(ip, op, x, y));
        } finally {
          ip.rel(x);
          ip.rel(y);
        }
      };
    }
    return (f) => {
      let x = es[0]!(f);
      try {
        for (let i = 0; i < ops.length; i++) {
          const y = es[i + 1]!(f);
          const ok = compare(ip, ops[i]!, x, y);
          ip.rel(x);
          x = y;
          if (!ok) return ip.bool(false);
        }
        return ip.bool(true);
      } finally {
        ip.rel(x);
      }
    };
  }

  private subscriptKey(cs: SyntaxNode[], ctx: Ctx): Expr {
    const ip = this.ip;
    const inner = cs.slice(1, -1); // between [ and ]
    if (!inner.some((c) => c.name === ":")) {
      const ks = items(inner);
      if (ks.length === 1 && !inner.some((c) => c.name === ",")) return this.expr(ks[0]!, ctx);
      const es = ks.map((k) => this.expr(k, ctx));
      return (f) => ip.newTuple(evalAll(es, f));
    }
    const parts: (Expr | null)[] = [null, null, null];
    let k = 0;
    for (const c of inner) {
      if (c.name === ":") k++;
      else parts[k] = this.expr(c, ctx);
    }
    return (f) => {
      const [a, b, c] = parts.map((p) => (p === null ? 0 : p(f)));
      return ip.newSlots(ip.t.slice, { start: a!, stop: b!, step: c! });
    };
  }

  private callExpr(cs: SyntaxNode[], ctx: Ctx): Expr {
    const ip = this.ip;
    const callee = cs[0]!;
    if (kids(cs[1]!).some((c) => c.name === "for")) {
      const gen = this.comprehension(cs[1]!, ctx);
      const fn = this.expr(callee, ctx);
      return (f) => {
        const c = fn(f);
        try {
          return ip.call(c, [gen(f)]);
        } finally {
          ip.rel(c);
        }
      };
    }
    const { evalArgs, evalKw } = this.argEvaluators(cs[1]!, ctx);
    if (callee.name === "MemberExpression" && kids(callee)[1]!.name === ".") {
      const ck = kids(callee);
      const obj = this.expr(ck[0]!, ctx);
      const name = this.text(ck[2]!);
      return (f) => {
        const o = obj(f);
        try {
          return ip.callMethod(o, name, evalArgs(f), evalKw(f));
        } finally {
          ip.rel(o);
        }
      };
    }
    const fn = this.expr(callee, ctx);
    return (f) => {
      const c = fn(f);
      try {
        return ip.call(c, evalArgs(f), evalKw(f));
      } finally {
        ip.rel(c);
      }
    };
  }

  /** The positional and keyword argument evaluators of a call's ArgList. */
  private argEvaluators(argList: SyntaxNode, ctx: Ctx) {
    const ip = this.ip;
    const args = kids(argList);
    const pos: { star: boolean; e: Expr }[] = [];
    const kw: { name: string | null; e: Expr }[] = [];
    for (let i = 0; i < args.length; i++) {
      const c = args[i]!;
      if (c.name === "(" || c.name === ")" || c.name === ",") continue;
      if (c.name === "*") pos.push({ star: true, e: this.expr(args[++i]!, ctx) });
      else if (c.name === "**") kw.push({ name: null, e: this.expr(args[++i]!, ctx) });
      else if (args[i + 1]?.name === "AssignOp") {
        kw.push({ name: this.text(c), e: this.expr(args[i + 2]!, ctx) });
        i += 2;
      } else if (c.name === "for") {
        this.unsupported(c, "a bare generator argument");
      } else pos.push({ star: false, e: this.expr(c, ctx) });
    }
    const simple = pos.every((p) => !p.star);
    const evalArgs = (f: Frame): number[] => {
      if (simple) {
        const out = new Array<number>(pos.length);
        for (let i = 0; i < pos.length; i++) out[i] = pos[i]!.e(f);
        return out;
      }
      const out: number[] = [];
      for (const p of pos) {
        const v = p.e(f);
        if (!p.star) out.push(v);
        else {
          out.push(...toArray(ip, v));
          ip.rel(v);
        }
      }
      return out;
    };
    const evalKw = (f: Frame): KwArgs | null => {
      if (kw.length === 0) return null;
      const r: KwArgs = { names: [], values: [] };
      for (const k of kw) {
        const v = k.e(f);
        if (k.name !== null) {
          r.names.push(k.name);
          r.values.push(v);
          continue;
        }
        for (const [kk, vv] of ip.dictEntries(v)) {
          const kh = ip.own(kk);
          r.names.push(ip.strOf(kh));
          ip.rel(kh);
          r.values.push(ip.own(vv));
        }
        ip.rel(v);
      }
      return r;
    };
    return { evalArgs, evalKw };
  }

  /** A decorator: a dotted name, optionally called (`@c.setter`, `@lru_cache(3)`). */
  private decorator(d: SyntaxNode, ctx: Ctx): Expr {
    const ip = this.ip;
    const parts = kids(d).filter((c) => c.name !== "At" && c.name !== "Comment");
    let e = this.load(parts[0]!, ctx);
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === ".") {
        const name = this.text(parts[++i]!);
        const prev = e;
        e = (f) => {
          const o = prev(f);
          try {
            return ip.getAttr(o, name);
          } finally {
            ip.rel(o);
          }
        };
      } else if (p.name === "ArgList") {
        const { evalArgs, evalKw } = this.argEvaluators(p, ctx);
        const prev = e;
        e = (f) => {
          const c = prev(f);
          try {
            return ip.call(c, evalArgs(f), evalKw(f));
          } finally {
            ip.rel(c);
          }
        };
      } else this.unsupported(p, "this decorator form");
    }
    return e;
  }

  /** A comprehension is a nested function called with the iterator of its first iterable, as in CPython. */
  private comprehension(n: SyntaxNode, ctx: Ctx): Expr {
    const ip = this.ip;
    const cs = this.scopeOf(n);
    const ks = kids(n);
    const firstIn = ks.findIndex((c) => c.name === "in");
    const outerIter = this.expr(ks[firstIn + 1]!, ctx);
    const inner: Ctx = { scope: cs, consts: [], code: 0, loop: 0 };
    const info = this.compileComprehension(n, cs, inner);
    const make = this.functionMaker(info, cs, ctx, []);
    return (f) => {
      const fn = make(f);
      const src = outerIter(f);
      const it = iter(ip, src);
      ip.rel(src);
      try {
        return ip.call(fn, [it]);
      } finally {
        ip.rel(fn);
      }
    };
  }

  private compileComprehension(n: SyntaxNode, s: Scope, ctx: Ctx): CodeInfo {
    const ip = this.ip;
    const ks = kids(n);
    const kind = n.name === "ArgList" ? "ComprehensionExpression" : n.name;
    // Reserve the code id first: constants compiled below are read from this code's co_consts.
    const id = ip.codes.length;
    ip.codes.push(undefined as unknown as CodeInfo);
    ctx.code = id;
    // Clauses: for-target-in-iter and if-conditions, in order; the element expression(s) come first.
    const clauses: (
      | { kind: "for"; store: Store; iter: Expr | null }
      | { kind: "if"; test: (f: Frame) => boolean }
    )[] = [];
    const firstFor = ks.findIndex((c) => c.name === "for");
    const head = items(ks.slice(1, firstFor));
    let first = true;
    for (let i = firstFor; i < ks.length; i++) {
      const c = ks[i]!;
      if (c.name === "for") {
        const target = this.forTarget(ks, i + 1, ctx);
        const store = target.store;
        i = target.inAt + 1;
        clauses.push({ kind: "for", store, iter: first ? null : this.expr(ks[i]!, ctx) });
        first = false;
      } else if (c.name === "if") {
        clauses.push({ kind: "if", test: this.cond(ks[++i]!, ctx) });
      }
    }
    const elt = kind === "DictionaryComprehensionExpression" ? null : this.expr(head[0]!, ctx);
    const key = kind === "DictionaryComprehensionExpression" ? this.expr(head[0]!, ctx) : null;
    const val = kind === "DictionaryComprehensionExpression" ? this.expr(head[1]!, ctx) : null;
    const argSlot = s.slots.get(".0")!;
    const generator = kind === "ComprehensionExpression";
    const body: Stmt = (f) => {
      const acc =
        kind === "DictionaryComprehensionExpression"
          ? ip.newDict()
          : kind === "SetComprehensionExpression"
            ? ip.persist(ip.rt.newSet())
            : ip.newList([]);
      const loop = (k: number, it: number): void => {
        for (;;) {
          const v = next(ip, it);
          if (v === UNBOUND) return;
          const cl = clauses[k] as { store: Store };
          cl.store(f, v);
          emit(k + 1);
        }
      };
      const emit = (k: number): void => {
        if (k === clauses.length) {
          if (key !== null && val !== null) {
            const kk = key(f);
            const vv = val(f);
            ip.rt.dictSet(acc, kk, vv);
            ip.rel(kk);
            ip.rel(vv);
          } else {
            const v = elt!(f);
            if (kind === "SetComprehensionExpression") ip.rt.add(acc, v);
            else ip.rt.append(acc, v);
            ip.rel(v);
          }
          return;
        }
        const c = clauses[k]!;
        if (c.kind === "if") {
          if (c.test(f)) emit(k + 1);
          return;
        }
        const src = c.iter!(f);
        const it = iter(ip, src);
        ip.rel(src);
        try {
          loop(k, it);
        } finally {
          ip.rel(it);
        }
      };
      loop(0, f.locals[argSlot]!);
      if (generator) {
        // heaplab runs a generator expression to the end when it is made: its items in a list iterator.
        f.ret = iter(ip, acc);
        ip.rel(acc);
      } else f.ret = acc;
      return Flow.Return;
    };
    const info = this.codeInfo(s, id, this.lineOf(n), this.lineOf(n));
    info.body = body;
    ip.codes[id] = info;
    this.finishCode(info, ctx.consts);
    return info;
  }
}

/**
 * Evaluates expressions in order into a new array (a loop, not `map` with a closure: under a
 * keep-names transform every closure made on a hot path costs a property definition).
 */
function evalAll(es: readonly Expr[], f: Frame): number[] {
  const out = new Array<number>(es.length);
  for (let i = 0; i < es.length; i++) out[i] = es[i]!(f);
  return out;
}

interface Ctx {
  scope: Scope;
  consts: number[];
  code: number;
  loop: number;
}

/**
 * The call of a Python function: a new frame whose fast locals take the arguments' references (as
 * CPython 3.11 moves them from the caller's stack), cells made at entry, frees from `__closure__`;
 * at return the locals are released in slot order, as `_PyFrame_Clear` does.
 */
function makeInvoke(ip: Interp, code: CodeInfo): CodeInfo["invoke"] {
  const ft = ip.t.function;
  const m = ip.m;
  return (fn, args, kw) => {
    if (ip.depth >= RECURSION_LIMIT) {
      for (const a of args) ip.rel(a);
      if (kw !== null) for (const v of kw.values) ip.rel(v);
      ip.raise("RecursionError", "maximum recursion depth exceeded");
    }
    const locals = new Array<number>(code.nlocals).fill(UNBOUND);
    try {
      bindArguments(ip, code, fn, locals, args, kw);
    } catch (e) {
      for (const l of locals) ip.rel(l);
      throw e;
    }
    for (const c of code.cells) locals[c.slot] = ip.newCell(locals[c.slot]!, true);
    if (code.frees.length > 0) {
      const closure = m.u32[(ip.addr(fn) + slotAt(ft, "__closure__")) >>> 2]!;
      for (let i = 0; i < code.frees.length; i++)
        locals[code.frees[i]!] = ip.own(m.u32[(closure + 16 + 8 * i) >>> 2]!);
    }
    const globals = ip.own(m.u32[(ip.addr(fn) + slotAt(ft, "__globals__")) >>> 2]!);
    const frame: Frame = { code, locals, globals, ns: 0, fn, line: code.firstLine, ret: 0, back: ip.frame };
    if (code.isGenerator) return ip.makeGenerator(frame);
    const saved = ip.frame;
    ip.frame = frame;
    ip.depth++;
    const mark = ip.rt.openScope();
    const profiled = ip.profiler?.codes.has(code.id) === true;
    if (profiled) ip.profiler!.enter(frame, code.id, code.firstLine);
    try {
      const r = code.body(frame);
      return r === Flow.Return ? frame.ret : 0;
    } catch (e) {
      const pe = ip.toPy(e);
      pe.traceback.push({ filename: code.filename, line: frame.line, name: code.name });
      throw pe;
    } finally {
      if (profiled) ip.profiler!.leave(frame, code.id);
      ip.depth--;
      ip.frame = saved;
      // back on the caller's line: what the rest of its statement allocates is that line's
      if (ip.onLine !== null && saved !== null) ip.onLine(saved.line, saved.code.filename);
      for (let i = 0; i < locals.length; i++) ip.rel(locals[i]!);
      ip.rel(globals);
      ip.rt.closeScope(mark);
    }
  };
}

function bindArguments(
  ip: Interp,
  code: CodeInfo,
  fn: number,
  locals: number[],
  args: number[],
  kw: KwArgs | null,
): void {
  const np = code.posCount;
  const n = Math.min(args.length, np);
  for (let i = 0; i < n; i++) locals[i] = args[i]!;
  if (args.length > np) {
    if (code.varargs < 0) {
      for (let i = np; i < args.length; i++) ip.rel(args[i]!);
      ip.raise(
        "TypeError",
        `${code.name}() takes ${np} positional argument${np === 1 ? "" : "s"} but ${args.length} ${args.length === 1 ? "was" : "were"} given`,
      );
    }
    locals[code.varargs] = ip.newTuple(args.slice(np));
  } else if (code.varargs >= 0) locals[code.varargs] = ip.newTuple([]);
  if (code.varkw >= 0) locals[code.varkw] = ip.newDict();
  if (kw !== null) {
    for (let k = 0; k < kw.names.length; k++) {
      const name = kw.names[k]!;
      const i = code.params.indexOf(name);
      if (i >= 0 && i < np + code.kwOnlyCount) {
        if (locals[i] !== UNBOUND) {
          for (let j = k; j < kw.values.length; j++) ip.rel(kw.values[j]!);
          ip.raise("TypeError", `${code.name}() got multiple values for argument '${name}'`);
        }
        locals[i] = kw.values[k]!;
      } else if (code.varkw >= 0) {
        const key = ip.intern(name);
        ip.rt.dictSet(locals[code.varkw]!, key, kw.values[k]!);
        ip.rel(key);
        ip.rel(kw.values[k]!);
      } else {
        for (let j = k; j < kw.values.length; j++) ip.rel(kw.values[j]!);
        ip.raise("TypeError", `${code.name}() got an unexpected keyword argument '${name}'`);
      }
    }
  }
  // Defaults fill the last positional parameters.
  const defsAddr = ip.m.u32[(ip.addr(fn) + slotAt(ip.t.function, "__defaults__")) >>> 2]!;
  const nd = defsAddr === 0 ? 0 : ip.m.u32[(defsAddr + 8) >>> 2]!;
  for (let i = 0; i < np; i++) {
    if (locals[i] !== UNBOUND) continue;
    const d = i - (np - nd);
    if (d >= 0) locals[i] = ip.own(ip.m.u32[(defsAddr + 16 + 8 * d) >>> 2]!);
    else {
      ip.raise("TypeError", `${code.name}() missing 1 required positional argument: '${code.params[i]}'`);
    }
  }
  for (let i = np; i < np + code.kwOnlyCount; i++) {
    if (locals[i] === UNBOUND)
      ip.raise("TypeError", `${code.name}() missing 1 required keyword-only argument: '${code.params[i]}'`);
  }
  void rawOffset;
}
