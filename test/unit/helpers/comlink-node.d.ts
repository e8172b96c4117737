// comlink ships types for its Node adapter next to the .mjs file, under the extension-less name.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
