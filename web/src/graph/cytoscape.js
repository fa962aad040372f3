// The network graph on a canvas (cytoscape, MIT), in its own lazily loaded chunk: this module is
// only reached through import() from the network screen. Concentric layout around the centre
// (ring 1 = direct relations, ring 2 = their relations, …): deterministic and fast.
// CSP: cytoscape injects a <style id="__________cytoscape_stylesheet"> unless an element with that
// id exists; build.mjs gives our stylesheet <link> that id and app.css holds the rule.
import cytoscape from 'cytoscape';

/** Colour per relation group (the legend says the same in text). */
const GROUP_COLOUR = {
  centrum: '#1a1a1a', familie: '#0b5cad', sociaal: '#1d7a3a', online: '#6b3fa0', sleutel: '#b35900', anders: '#5c5c5c',
};
const CONCERN_BORDER = { serious: '#b00020', some: '#c77700' };

const STYLE = [
  {
    selector: 'node',
    style: {
      label: 'data(label)', 'text-wrap': 'wrap', 'text-max-width': '150px', 'font-size': 11, 'font-family': 'Noto Sans, sans-serif',
      'text-valign': 'bottom', 'text-margin-y': 4, color: '#1a1a1a', 'text-background-color': '#ffffff', 'text-background-opacity': 0.85,
      'text-background-padding': '1px', width: 26, height: 26, 'background-color': '#ffffff', 'border-width': 4, 'border-color': '#5c5c5c',
    },
  },
  ...Object.entries(GROUP_COLOUR).map(([g, c]) => ({ selector: `node[group = "${g}"]`, style: { 'border-color': c, 'background-color': '#ffffff' } })),
  { selector: 'node[centre = 1]', style: { 'background-color': '#1a1a1a', width: 34, height: 34, 'font-weight': 'bold' } },
  { selector: 'node[concern = "some"]', style: { 'border-width': 8, 'border-color': CONCERN_BORDER.some, shape: 'round-rectangle' } },
  { selector: 'node[concern = "serious"]', style: { 'border-width': 10, 'border-color': CONCERN_BORDER.serious, shape: 'diamond' } },
  { selector: 'node:selected', style: { 'overlay-color': '#0b5cad', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
  {
    selector: 'edge',
    style: { width: 2, 'line-color': '#6b6b6b', 'curve-style': 'bezier' },
  },
  { selector: 'edge[confidence = "reported"]', style: { 'line-style': 'dashed' } },
];

/**
 * Draws `elements` ({nodes, edges} from network.js graphElements) in `container`. `onSelect(id)`
 * is called when a person is clicked (or tapped). Returns { cy, select(id), zoom(f), fit(), destroy() }.
 */
export function mountGraph(container, elements, { onSelect, selected } = {}) {
  const cy = cytoscape({
    container,
    elements: [...elements.nodes, ...elements.edges],
    style: STYLE,
    layout: { name: 'preset' },
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  // rings by graph distance from the centre (breadth-first over the drawn edges)
  const root = cy.nodes('[centre = 1]');
  if (root.length) {
    cy.elements().bfs({ roots: root, visit: (v, e, u, i, depth) => { v.data('ring', depth); } });
  }
  cy.layout({
    name: 'concentric', animate: false, minNodeSpacing: 40, avoidOverlap: true,
    concentric: (n) => 10 - Math.min(9, n.data('ring') ?? 9), levelWidth: () => 1, padding: 30,
  }).run();
  cy.on('tap', 'node', (ev) => onSelect?.(ev.target.id()));
  const select = (id) => {
    cy.nodes().unselect();
    if (id != null) cy.getElementById(String(id)).select();
  };
  if (selected != null) select(selected);
  return {
    cy,
    select,
    zoom: (f) => cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }),
    fit: () => cy.fit(undefined, 30),
    destroy: () => cy.destroy(),
  };
}
