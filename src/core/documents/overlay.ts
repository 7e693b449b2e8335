import { readYamlFile } from './yaml-file';

/**
 * OpenAPI Overlay 1.0 (https://spec.openapis.org/overlay/v1.0.0), the part a mode of a vendor
 * needs: each action names one node by a JSONPath of member names (`$.paths['/a'].get`) and
 * either merges `update` into it (objects member by member, a member's other value replaced; an
 * array target gets the update appended) or removes it. A vendor release that departs from its documentation is said this way, as a change to
 * the document, so its answers are still checked against a document.
 */
interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

type Node = Record<string, unknown>;

const isObject = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `$.a.b['c/d']` as member names; anything else (filters, wildcards) is not this subset's. */
function memberNames(target: string, file: string): string[] {
  const names: string[] = [];
  const step = /\.([A-Za-z_$][\w$-]*)|\['((?:[^'\\]|\\.)*)'\]/y;
  if (!target.startsWith('$')) throw new Error(`${file}: target ${target} does not start at $`);
  step.lastIndex = 1;
  while (step.lastIndex < target.length) {
    const m = step.exec(target);
    if (!m) throw new Error(`${file}: target ${target} is not a path of member names`);
    names.push(m[1] ?? m[2].replace(/\\(.)/g, '$1'));
  }
  return names;
}

function merge(into: Node, update: Node): void {
  for (const [key, value] of Object.entries(update)) {
    if (isObject(value) && isObject(into[key])) merge(into[key] as Node, value);
    else into[key] = structuredClone(value);
  }
}

/** Applies an overlay file's actions to a document, in order; a target that is not there stops start-up. */
export function applyOverlay(doc: Node, file: string): void {
  const overlay = readYamlFile(file) as { actions?: OverlayAction[] };
  for (const action of overlay.actions ?? []) {
    const names = memberNames(action.target, file);
    const last = names.pop();
    let parent: unknown = doc;
    for (const name of names) parent = isObject(parent) ? parent[name] : undefined;
    const node = last === undefined ? parent : isObject(parent) ? parent[last] : undefined;
    if (!isObject(parent) || node === undefined) throw new Error(`${file}: target ${action.target} is not in the document`);
    if (action.remove) {
      if (last !== undefined) delete parent[last];
    } else if (isObject(node) && isObject(action.update)) {
      merge(node, action.update);
    } else if (Array.isArray(node)) {
      // Overlay 1.0: an update aimed at an array is appended to it.
      node.push(structuredClone(action.update));
    } else if (last !== undefined) {
      parent[last] = structuredClone(action.update);
    }
  }
}
