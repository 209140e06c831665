// The public surface of src/core: everything outside src/core imports from here only.
export type * from './types.ts';
export type * from './catalogue/model.ts';
