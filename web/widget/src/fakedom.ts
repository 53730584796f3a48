// Test helper (not part of widget.js): just enough of a DOM for WidgetView and the app wiring to run under
// Node, since the widget's unit tests have no browser environment. Nodes, attributes, text, a shadow root,
// `hidden`, styles and the handful of tree operations view.ts uses; nothing is laid out or parsed.

export class FakeNode {
  parent: Container | null = null;

  get textContent(): string {
    return '';
  }

  get nextElementSibling(): FakeElement | null {
    const siblings = this.parent?.childNodes ?? [];
    return (siblings.slice(siblings.indexOf(this) + 1).find((node) => node instanceof FakeElement) as FakeElement) ?? null;
  }

  remove(): void {
    if (this.parent) {
      const siblings = this.parent.childNodes;
      siblings.splice(siblings.indexOf(this), 1);
      this.parent = null;
    }
  }

  after(...nodes: (FakeNode | string)[]): void {
    const parent = this.parent;
    if (!parent) {
      return;
    }
    const adopted = nodes.map(toNode);
    adopted.forEach((node) => node.remove());
    parent.childNodes.splice(parent.childNodes.indexOf(this) + 1, 0, ...adopted);
    adopted.forEach((node) => (node.parent = parent));
  }
}

export class FakeText extends FakeNode {
  constructor(readonly data: string) {
    super();
  }

  override get textContent(): string {
    return this.data;
  }
}

function toNode(child: FakeNode | string): FakeNode {
  return typeof child === 'string' ? new FakeText(child) : child;
}

class Container extends FakeNode {
  childNodes: FakeNode[] = [];

  get children(): FakeElement[] {
    return this.childNodes.filter((node): node is FakeElement => node instanceof FakeElement);
  }

  get firstElementChild(): FakeElement | null {
    return this.children[0] ?? null;
  }

  get lastElementChild(): FakeElement | null {
    return this.children[this.children.length - 1] ?? null;
  }

  override get textContent(): string {
    return this.childNodes.map((node) => node.textContent).join('');
  }

  override set textContent(value: string) {
    this.replaceChildren(value);
  }

  append(...children: (FakeNode | string)[]): void {
    for (const child of children.map(toNode)) {
      child.remove();
      child.parent = this;
      this.childNodes.push(child);
    }
  }

  replaceChildren(...children: (FakeNode | string)[]): void {
    this.childNodes.slice().forEach((node) => node.remove());
    this.append(...children);
  }

  /** Every element below this one, depth first. */
  descendants(): FakeElement[] {
    return this.children.flatMap((child) => [child, ...child.descendants()]);
  }

  /** Elements below this one with all the classes in `selector` (".a.b") or that tag name ("h2"). */
  findAll(selector: string): FakeElement[] {
    return this.descendants().filter((element) => element.matches(selector));
  }

  find(selector: string): FakeElement | null {
    return this.findAll(selector)[0] ?? null;
  }
}

export class FakeShadowRoot extends Container {
  adoptedStyleSheets: unknown[] = [];
  activeElement: FakeElement | null = null;

  constructor(readonly host: FakeElement) {
    super();
  }
}

class FakeStyle {
  [name: string]: unknown;
  private readonly properties = new Map<string, string>();

  setProperty(name: string, value: string): void {
    this.properties.set(name, value);
  }

  getPropertyValue(name: string): string {
    return this.properties.get(name) ?? '';
  }
}

export class FakeElement extends Container {
  readonly attributes = new Map<string, string>();
  readonly style = new FakeStyle();
  shadowRoot: FakeShadowRoot | null = null;
  value = '';
  files: unknown[] | null = null;
  scrollTop = 0;
  scrollHeight = 0;
  clientHeight = 0;
  focused = false;
  onclick: ((event: unknown) => void) | null = null;
  [property: string]: unknown;

  constructor(readonly tagName: string) {
    super();
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }

  get hidden(): boolean {
    return this.attributes.has('hidden');
  }

  set hidden(value: boolean) {
    if (value) {
      this.attributes.set('hidden', '');
    } else {
      this.attributes.delete('hidden');
    }
  }

  get classList(): string[] {
    return (this.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);
  }

  matches(selector: string): boolean {
    if (!selector.startsWith('.')) {
      return this.tagName === selector;
    }
    return selector.slice(1).split('.').every((name) => this.classList.includes(name));
  }

  attachShadow(): FakeShadowRoot {
    this.shadowRoot = new FakeShadowRoot(this);
    return this.shadowRoot;
  }

  focus(): void {
    this.focused = true;
  }

  click(): void {
    this.onclick?.({});
  }
}

export class FakeDocument {
  readonly body = new FakeElement('body');
  readonly listeners = new Map<string, (() => void)[]>();
  visibilityState: 'visible' | 'hidden' = 'visible';
  currentScript: unknown = null;

  constructor(readonly baseURI = 'https://shop.example/') {}

  createElement(tag: string): FakeElement {
    return new FakeElement(tag);
  }

  createElementNS(_namespace: string, tag: string): FakeElement {
    return new FakeElement(tag);
  }

  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  /** The widget's host element on the page and its shadow root. */
  widget(): { host: FakeElement; root: FakeShadowRoot } | null {
    const host = this.body.find('parley-widget');
    return host?.shadowRoot ? { host, root: host.shadowRoot } : null;
  }
}

/** A FakeDocument typed as the Document that the widget's code takes. */
export function fakeDocument(baseURI?: string): { fake: FakeDocument; document: Document } {
  const fake = new FakeDocument(baseURI);
  return { fake, document: fake as unknown as Document };
}
