// Where the tiles go: a grid view (every tile the same size) or a speaker view (one tile large, the others in a strip
// below it), a pinned tile, and pages. A remote screen share or a pinned tile is always shown large (speaker layout).
// Only the tiles of the current page are shown; the others are hidden, so their video is reported not visible and the
// server stops forwarding it: a 25-person meeting receives the video of what fits on the screen, not of everyone.

const GAP_PX = 8; // .grid gap (0.5rem)
const MIN_CELL = { width: 224, height: 126 }; // the smallest grid cell still worth watching (16:9)
const STRIP_TILE_WIDTH_PX = 192; // a strip tile at the strip's height (6.75rem x 16/9)
const ASPECT = 16 / 9;

export class TileLayout extends EventTarget {
  /**
   * @param {import('./grid.js').VideoGrid} grid
   * @param {{ view: HTMLButtonElement, previous: HTMLButtonElement, next: HTMLButtonElement, page: HTMLElement }} controls
   */
  constructor(grid, controls) {
    super();
    this.grid = grid;
    this.controls = controls;
    this.view = 'grid'; // what the person chose: grid | speaker
    this.pinnedKey = undefined;
    this.activeSpeakerId = null;
    this.page = 0;
    this.pages = 1;
    this.renderQueued = false;
  }

  /** Listens to the grid, the container's size and the view/page buttons. */
  wire() {
    this.grid.addEventListener('tiles', () => this.render());
    this.grid.addEventListener('pin', ({ detail }) => this.togglePin(detail.key));
    new ResizeObserver(() => this.render()).observe(this.grid.container);
    this.controls.view.addEventListener('click', () => this.setView(this.view === 'grid' ? 'speaker' : 'grid'));
    this.controls.previous.addEventListener('click', () => this.setPage(this.page - 1));
    this.controls.next.addEventListener('click', () => this.setPage(this.page + 1));
    this.render();
  }

  /** @param {'grid' | 'speaker'} view */
  setView(view) {
    this.view = view === 'speaker' ? 'speaker' : 'grid';
    this.page = 0;
    this.render();
  }

  togglePin(key) {
    this.pinnedKey = this.pinnedKey === key ? undefined : key;
    this.page = 0;
    this.render();
    this.dispatchEvent(new CustomEvent('pin', { detail: { key: this.pinnedKey ?? null } }));
  }

  setActiveSpeaker(participantId) {
    this.activeSpeakerId = participantId;
    this.grid.setActiveSpeaker(participantId);
    this.render();
  }

  setPage(page) {
    this.page = Math.max(0, Math.min(this.pages - 1, page));
    this.render();
  }

  /** Places every tile for the current view, pin, page and container size; emits "layout" afterwards. */
  render() {
    const tiles = this.#ordered();
    if (this.pinnedKey !== undefined && !this.grid.tiles.has(this.pinnedKey)) {
      this.pinnedKey = undefined; // the pinned participant left or stopped sharing
    }
    this.grid.setPinned(this.pinnedKey);
    const main = this.#mainTile(tiles);
    const layout = main ? 'speaker' : 'grid';
    const others = tiles.filter((tile) => tile !== main);
    const box = this.grid.container.getBoundingClientRect();
    const perPage = layout === 'speaker' ? stripCapacity(box.width) : gridCapacity(box.width, box.height);
    this.pages = Math.max(1, Math.ceil(others.length / perPage));
    this.page = Math.min(this.page, this.pages - 1);
    const shown = new Set(others.slice(this.page * perPage, (this.page + 1) * perPage));

    if (main) {
      main.hidden = false;
      main.dataset.role = 'main';
    }
    for (const tile of others) {
      tile.hidden = !shown.has(tile);
      tile.dataset.role = layout === 'speaker' ? 'strip' : 'cell';
    }
    const container = this.grid.container;
    container.dataset.view = this.view;
    container.dataset.layout = layout;
    const [columns, rows] = layout === 'speaker' ? [Math.max(1, shown.size), 1] : bestGrid(shown.size, box.width, box.height);
    container.style.setProperty('--columns', String(columns));
    container.style.setProperty('--rows', String(rows));
    container.dataset.page = String(this.page + 1);
    container.dataset.pages = String(this.pages);
    this.#renderControls();
    this.dispatchEvent(new CustomEvent('layout'));
  }

  /** For tests and diagnostics: the view, layout, page and which tiles are shown where. */
  describe() {
    return {
      view: this.view,
      layout: this.grid.container.dataset.layout,
      page: this.page + 1,
      pages: this.pages,
      pinned: this.pinnedKey ?? null,
      tiles: this.#ordered().map((tile) => ({ key: tile.dataset.participantId + ':' + tile.dataset.source, role: tile.dataset.role, shown: !tile.hidden })),
    };
  }

  /** Screen shares first (they are what people look at), then our own camera, then the others in joining order. */
  #ordered() {
    const all = [...this.grid.tiles.values()];
    const rank = (tile) => (tile.dataset.source === 'screen' ? 0 : tile.dataset.local === 'true' ? 1 : 2);
    return all.map((tile, index) => ({ tile, index })).sort((a, b) => rank(a.tile) - rank(b.tile) || a.index - b.index).map((x) => x.tile);
  }

  /** The large tile, or undefined for the grid layout: the pin, else a remote screen share, else (speaker view) who speaks. */
  #mainTile(tiles) {
    if (this.pinnedKey !== undefined) {
      return this.grid.tiles.get(this.pinnedKey);
    }
    const remoteScreen = tiles.find((tile) => tile.dataset.source === 'screen' && tile.dataset.local !== 'true');
    if (remoteScreen) {
      return remoteScreen;
    }
    if (this.view !== 'speaker') {
      return undefined;
    }
    const remoteCameras = tiles.filter((tile) => tile.dataset.source === 'camera' && tile.dataset.local !== 'true');
    return remoteCameras.find((tile) => tile.dataset.participantId === this.activeSpeakerId) ?? remoteCameras[0] ?? tiles[0];
  }

  #renderControls() {
    const { view, previous, next, page } = this.controls;
    view.textContent = this.view === 'grid' ? 'Speaker view' : 'Grid view';
    view.setAttribute('aria-label', this.view === 'grid' ? 'Switch to speaker view' : 'Switch to grid view');
    const paged = this.pages > 1;
    previous.hidden = next.hidden = page.hidden = !paged;
    previous.disabled = this.page === 0;
    next.disabled = this.page >= this.pages - 1;
    page.textContent = `${this.page + 1} / ${this.pages}`;
  }
}

/** How many tiles fit in a strip of the given width. */
function stripCapacity(width) {
  return Math.max(1, Math.floor((width + GAP_PX) / (STRIP_TILE_WIDTH_PX + GAP_PX)));
}

/** How many cells of at least MIN_CELL fit in the grid. */
function gridCapacity(width, height) {
  const columns = Math.max(1, Math.floor((width + GAP_PX) / (MIN_CELL.width + GAP_PX)));
  const rows = Math.max(1, Math.floor((height + GAP_PX) / (MIN_CELL.height + GAP_PX)));
  return columns * rows;
}

/** Columns and rows for n cells that give each 16:9 video the largest area in width x height. */
export function bestGrid(n, width, height) {
  let best = [1, Math.max(1, n)];
  let bestArea = -1;
  for (let columns = 1; columns <= Math.max(1, n); columns++) {
    const rows = Math.max(1, Math.ceil(n / columns));
    const cellWidth = (width - GAP_PX * (columns - 1)) / columns;
    const cellHeight = (height - GAP_PX * (rows - 1)) / rows;
    const videoWidth = Math.min(cellWidth, cellHeight * ASPECT);
    const area = videoWidth * (videoWidth / ASPECT);
    if (area > bestArea) {
      bestArea = area;
      best = [columns, rows];
    }
  }
  return best;
}
