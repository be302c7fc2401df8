// comlink ships types for its node adapter as node-adapter.d.ts, which TypeScript does not
// pair with the .mjs file that Node must load.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
