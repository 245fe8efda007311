// The explorer's graph: draws the JSON from graphapp.render with vis-network (inlined before this code, so no
// request leaves the page) and sends the id of a clicked node back to Python as the trigger value "select".
//
// Safety: every string from the data is shown with textContent or drawn on the canvas; nothing is parsed as HTML.
// Streamlit calls the default export again whenever the data changes, with the same parentElement, so the network
// is kept per parentElement and only rebuilt when the graph itself (its signature) changes.

const STATES = new WeakMap();
const WEB_URL = /^https?:\/\/[^\s]+$/i;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// A tooltip as DOM nodes holding plain text: vis-network appends an Element as it is.
function tooltip(tip) {
  const box = element("div", "pge-tip");
  if (!tip) return box;
  box.appendChild(element("div", "pge-tip-heading", tip.heading || ""));
  if (tip.facts) box.appendChild(element("div", "pge-tip-facts", tip.facts));
  if (tip.text) box.appendChild(element("div", "pge-tip-text", tip.text));
  return box;
}

function visItems(items) {
  return items.map((item) => {
    const copy = { ...item, title: tooltip(item.tip) };
    delete copy.tip;
    return copy;
  });
}

// Node labels are drawn by drawLabels, not by vis-network (which draws every label, overlapping at overview zoom):
// the text moves to `text`, and the label order (Python's rank: selection, highlights, hubs first) is kept.
function visNodes(items) {
  return visItems(items).map((node) => {
    const copy = { ...node, text: node.label, fontSize: (node.font && node.font.size) || 13 };
    delete copy.label;
    return copy;
  });
}

function labelOrder(data) {
  return data.nodes
    .filter((node) => node.label)
    .sort((a, b) => a.rank - b.rank)
    .map((node) => node.id);
}

const LABEL_MIN_PX = 11;
const LABEL_GAP_PX = 3;

function overlaps(box, placed) {
  return placed.some(
    (other) => box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom,
  );
}

// Labels by priority, each only where it overlaps no label drawn before it: at overview zoom the hubs and the
// selection are named, zooming in makes room for more, and a hovered node is always named. Sizes are in screen
// pixels (never below LABEL_MIN_PX, so what is drawn is readable), converted to canvas units for drawing.
function drawLabels(state, ctx) {
  const net = state.network;
  const scale = net.getScale();
  const order = state.hovered ? [state.hovered, ...state.labelOrder] : state.labelOrder;
  const positions = net.getPositions(order);
  const box = state.dom.canvas.getBoundingClientRect();
  const topLeft = net.DOMtoCanvas({ x: 0, y: 0 });
  const bottomRight = net.DOMtoCanvas({ x: box.width, y: box.height });
  const placed = [];
  const drawn = [];
  const seen = new Set();
  ctx.save();
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  for (const id of order) {
    if (seen.has(id)) continue;
    seen.add(id);
    const node = state.nodes.get(id);
    const where = positions[id];
    if (!node || !node.text || !where) continue;
    if (where.x < topLeft.x || where.x > bottomRight.x || where.y < topLeft.y || where.y > bottomRight.y) continue;
    const px = Math.min(Math.max(node.fontSize * scale, LABEL_MIN_PX), node.fontSize * 1.4);
    ctx.font = `${px / scale}px "Source Sans Pro", sans-serif`;
    const width = ctx.measureText(node.text).width * scale;
    const x = where.x * scale;
    const y = where.y * scale + (node.size || 10) * scale + LABEL_GAP_PX;
    const label = { left: x - width / 2 - 2, right: x + width / 2 + 2, top: y, bottom: y + px * 1.15, id };
    if (id !== state.hovered && overlaps(label, placed)) continue;
    placed.push(label);
    drawn.push(id);
    ctx.globalAlpha = node.opacity === undefined ? 1 : Math.max(node.opacity, 0.3);
    ctx.lineWidth = 4 / scale;
    ctx.strokeStyle = "#ffffff";
    ctx.fillStyle = "#222222";
    const textY = where.y + (node.size || 10) + LABEL_GAP_PX / scale;
    ctx.strokeText(node.text, where.x, textY);
    ctx.fillText(node.text, where.x, textY);
  }
  ctx.restore();
  state.labels = placed; // for the browser test: every box drawn, none overlapping
  state.dom.root.labels = placed;
  state.dom.root.dataset.labels = String(drawn.length);
}

function buildDom(parentElement) {
  const root = element("div", "pge-root");
  const canvas = element("div", "pge-canvas");
  const legend = element("div", "pge-legend");
  const status = element("div", "pge-status");
  root.append(canvas, legend, status);
  parentElement.appendChild(root);
  return { root, canvas, legend, status };
}

function renderLegend(legend, data) {
  legend.replaceChildren();
  for (const item of data.legend || []) {
    const row = element("div", "pge-legend-row");
    const symbol = element("span", "pge-legend-symbol", item.symbol);
    symbol.style.color = item.color;
    row.append(symbol, element("span", "pge-legend-label", `${item.label} (${item.count})`));
    row.dataset.type = item.type;
    legend.appendChild(row);
  }
  for (const item of data.edgeLegend || []) {
    const row = element("div", "pge-legend-row");
    const line = element("span", "pge-legend-line");
    line.style.borderTopColor = item.color;
    line.style.borderTopStyle = item.dashed ? "dashed" : "solid";
    row.append(line, element("span", "pge-legend-label", item.relation.replace("_", " ")));
    legend.appendChild(row);
  }
}

function openLink(url) {
  if (typeof url === "string" && WEB_URL.test(url)) {
    window.open(url, "_blank", "noopener,noreferrer");
  }
}

function createNetwork(state, data) {
  const vis = globalThis.vis;
  state.nodes = new vis.DataSet(visNodes(data.nodes));
  state.edges = new vis.DataSet(visItems(data.edges));
  state.labelOrder = labelOrder(data);
  state.network = new vis.Network(state.dom.canvas, { nodes: state.nodes, edges: state.edges }, data.options);
  state.dom.root.network = state.network; // for the browser test and for debugging from the console
  state.network.on("click", (params) => {
    if (params.nodes.length > 0) {
      state.clicked = String(params.nodes[0]);
      state.setTriggerValue("select", state.clicked);
    }
  });
  state.network.on("doubleClick", (params) => {
    if (params.nodes.length > 0) openLink((state.nodes.get(params.nodes[0]) || {}).url);
  });
  state.network.on("stabilizationProgress", (params) => {
    state.dom.status.textContent = `Laying out… ${Math.round((100 * params.iterations) / params.total)}%`;
  });
  state.network.on("hoverNode", (params) => {
    state.hovered = String(params.node);
    state.network.redraw();
  });
  state.network.on("blurNode", () => {
    state.hovered = null;
    state.network.redraw();
  });
  state.network.on("afterDrawing", (ctx) => {
    drawLabels(state, ctx);
    state.dom.root.dataset.drawn = "true";
  });
  awaitLayout(state, data);
}

// Marks the drawing stable once vis-network has laid it out, or at once when Python computed the layout.
function awaitLayout(state, data) {
  if (!data.physics || data.nodes.length === 0) state.dom.root.dataset.stable = "true"; // nothing to lay out
  state.network.once("stabilizationIterationsDone", () => {
    state.dom.status.textContent = "";
    // Physics off once laid out: dragging a node then moves only that node, and the page stays idle.
    state.network.setOptions({ physics: { enabled: false } });
    state.dom.root.dataset.stable = "true";
  });
}

function replaceData(state, data) {
  // Keep the place of nodes still present so that a filter change does not reshuffle the picture.
  const previous = state.network.getPositions();
  const nodes = visNodes(data.nodes).map((node) =>
    previous[node.id] && node.x === undefined ? { ...node, x: previous[node.id].x, y: previous[node.id].y } : node,
  );
  state.dom.root.dataset.stable = "false";
  state.network.setOptions(data.options);
  state.nodes = new (globalThis.vis.DataSet)(nodes);
  state.edges = new (globalThis.vis.DataSet)(visItems(data.edges));
  state.labelOrder = labelOrder(data);
  state.hovered = null;
  state.network.setData({ nodes: state.nodes, edges: state.edges });
  awaitLayout(state, data);
}

function restyle(state, data) {
  // Same graph, new emphasis (highlight or selection): update colours and opacity, never positions.
  const strip = (item) => {
    const copy = { ...item };
    delete copy.x;
    delete copy.y;
    return copy;
  };
  state.nodes.update(visNodes(data.nodes).map(strip));
  state.edges.update(visItems(data.edges));
  state.labelOrder = labelOrder(data);
}

function showSelection(state, data) {
  const selected = data.selected;
  if (selected && state.nodes.get(selected)) {
    state.network.selectNodes([selected]);
    if (selected !== state.clicked && selected !== state.shownSelection && !data.fit) {
      // Selected elsewhere (search, another view): bring it into view.
      state.dom.root.dataset.moving = "true";
      state.network.once("animationFinished", () => {
        state.dom.root.dataset.moving = "false";
      });
      state.network.focus(selected, { scale: 1.1, animation: { duration: 400 } });
    }
  } else {
    state.network.unselectAll();
  }
  state.shownSelection = selected;
  state.dom.root.dataset.selected = selected || "";
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data || !globalThis.vis) return;
  let state = STATES.get(parentElement);
  if (!state) {
    state = { dom: buildDom(parentElement) };
    STATES.set(parentElement, state);
  }
  state.setTriggerValue = setTriggerValue;
  state.dom.root.style.height = `${data.height}px`;
  renderLegend(state.dom.legend, data);
  if (!state.network) {
    createNetwork(state, data);
    if (data.fit) state.network.fit({ animation: false });
  } else if (state.signature !== data.signature) {
    replaceData(state, data);
    if (data.fit) state.network.fit({ animation: false }); // a new map: show all of it
  } else {
    restyle(state, data);
  }
  state.signature = data.signature;
  state.dom.root.dataset.nodes = String(data.nodes.length);
  state.dom.root.dataset.edges = String(data.edges.length);
  state.dom.root.dataset.signature = data.signature;
  showSelection(state, data);
  return () => {
    state.network?.destroy();
    STATES.delete(parentElement);
  };
}
