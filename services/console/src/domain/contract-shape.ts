// Reading a parsed AsyncAPI document (plain data of unknown shape) without trusting it:
// local `$ref`s followed, every value checked for the type the page needs. A value that is
// not there or not of that type throws ContractShapeError naming its path in the document.

export type Node = Readonly<Record<string, unknown>>;

export class ContractShapeError extends Error {
  override readonly name = 'ContractShapeError';
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `#/a/b~1c` → ['a', 'b/c'] (JSON Pointer, RFC 6901). */
const pointer = (ref: string): string[] =>
  ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));

/** The document's reader: `root` is the whole document, which local `$ref`s point into. */
export class ShapeReader {
  constructor(readonly root: unknown) {}

  /** `v` with its local `$ref`s followed (a few hops at most: the contract refers to a ref once, never in a loop). */
  follow(v: unknown, path: string): unknown {
    for (let hops = 0; hops < 8; hops++) {
      if (!isNode(v) || typeof v.$ref !== 'string' || !v.$ref.startsWith('#/')) return v;
      const ref = v.$ref;
      v = pointer(ref).reduce<unknown>((at, key) => (isNode(at) ? at[key] : undefined), this.root);
      if (v === undefined) throw new ContractShapeError(`${path}: $ref ${ref} names nothing`);
    }
    throw new ContractShapeError(`${path}: $ref chain too long`);
  }

  node(v: unknown, path: string): Node {
    const r = this.follow(v, path);
    if (!isNode(r)) throw new ContractShapeError(`${path}: expected an object`);
    return r;
  }

  /** An optional object: {} when absent. */
  optNode(v: unknown, path: string): Node {
    return v === undefined ? {} : this.node(v, path);
  }

  list(v: unknown, path: string): unknown[] {
    const r = this.follow(v, path);
    if (!Array.isArray(r)) throw new ContractShapeError(`${path}: expected a list`);
    return r;
  }

  text(v: unknown, path: string): string {
    if (typeof v !== 'string') throw new ContractShapeError(`${path}: expected a string`);
    return v;
  }

  number(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ContractShapeError(`${path}: expected a number`);
    return v;
  }
}

/** A string, or null for anything else (optional fields the page shows when present). */
export const optText = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const optNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
