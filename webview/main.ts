// The panel UI entry point.
export {};
