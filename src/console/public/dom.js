// Building the console's DOM: a query shortcut and an element factory that skips empty children.

export const $ = (selector) => document.querySelector(selector);
export const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'title' || key === 'datetime') node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...present(children));
  return node;
};
/** DOM append() would print a null as the text "null". */
export const present = (nodes) => nodes.filter((node) => node !== null && node !== undefined && node !== false);
