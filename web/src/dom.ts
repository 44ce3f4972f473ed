// A tiny element builder: text always goes in as text nodes, never as HTML.
type Attrs = Record<string, string | number | boolean | undefined | ((ev: Event) => void)>;

export function el(tag: string, attrs: Attrs = {}, ...children: (Node | string | null | undefined)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) {
      continue;
    }
    if (typeof v === "function") {
      e.addEventListener(k.replace(/^on/, ""), v);
    } else if (k === "class") {
      e.className = String(v);
    } else {
      e.setAttribute(k, v === true ? "" : String(v));
    }
  }
  for (const c of children) {
    if (c !== null && c !== undefined) {
      e.append(typeof c === "string" ? document.createTextNode(c) : c);
    }
  }
  return e;
}

export function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) {
    throw new Error(`#${id} missing from the page`);
  }
  return e as T;
}
