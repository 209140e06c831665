// happy-dom lays nothing out: every element measures 0 × 0, and a virtualised list with no room
// shows no row at all. Panel tests run as if every box had the size of a DevTools panel, which
// gives the exchange list room for the rows the tests use (about 28 at 600 px).
for (const [name, size] of [
  ['offsetWidth', 1000],
  ['offsetHeight', 600],
] as const) {
  Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => size });
}
