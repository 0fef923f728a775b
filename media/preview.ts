// Script of the phase graph in VS Code's Markdown preview (markdown.previewScripts). The graph itself is static
// markup rendered by the extension (src/extension/markdownPreview.ts); this only adds behaviour, through event
// delegation so that it keeps working when the preview replaces its content:
// - pointing at (or focusing) a phase fades everything but its dependencies and dependents;
// - clicking a phase (or Enter) scrolls the preview to that phase's heading.

function nodeOf(target: EventTarget | null): SVGGElement | null {
  return target instanceof Element ? target.closest<SVGGElement>('.plan-author-map g.pa-node') : null;
}

/** The phase's ancestors and descendants along the graph's edges, and the edges between them. */
function trace(node: SVGGElement): void {
  const graph = node.closest('svg.pa-graph');
  if (!graph) return;
  const id = node.dataset.id ?? '';
  const edges = Array.from(graph.querySelectorAll<SVGPathElement>('path.pa-edge[data-from]'));
  const related = new Set([id]);
  const walk = (from: 'from' | 'to', to: 'from' | 'to') => {
    const queue = [id];
    const seen = new Set(queue);
    for (let i = 0; i < queue.length; i++) {
      for (const e of edges) {
        if (e.dataset[from] !== queue[i]) continue;
        const next = e.dataset[to] ?? '';
        e.classList.add('pa-related');
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
          related.add(next);
        }
      }
    }
  };
  walk('from', 'to');
  walk('to', 'from');
  for (const n of Array.from(graph.querySelectorAll<SVGGElement>('g.pa-node'))) n.classList.toggle('pa-related', related.has(n.dataset.id ?? ''));
  graph.classList.add('pa-tracing');
}

function untrace(graph: Element | null): void {
  if (!graph) return;
  graph.classList.remove('pa-tracing');
  for (const el of Array.from(graph.querySelectorAll('.pa-related'))) el.classList.remove('pa-related');
}

function reveal(node: SVGGElement): void {
  const line = node.dataset.phaseLine;
  if (line === undefined || !/^\d+$/.test(line)) return;
  const heading = document.querySelector(`[data-line="${line}"]`);
  heading?.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

document.addEventListener('pointerover', (e) => {
  const node = nodeOf(e.target);
  if (node) trace(node);
});
document.addEventListener('pointerout', (e) => {
  const node = nodeOf(e.target);
  if (node && !node.contains(e.relatedTarget as Node | null)) untrace(node.closest('svg.pa-graph'));
});
document.addEventListener('focusin', (e) => {
  const node = nodeOf(e.target);
  if (node) trace(node);
});
document.addEventListener('focusout', (e) => {
  const node = nodeOf(e.target);
  if (node) untrace(node.closest('svg.pa-graph'));
});
document.addEventListener('click', (e) => {
  const node = nodeOf(e.target);
  if (node) reveal(node);
});
document.addEventListener('keydown', (e) => {
  const node = nodeOf(e.target);
  if (node && (e.key === 'Enter' || e.key === ' ')) {
    e.preventDefault();
    reveal(node);
  }
});
