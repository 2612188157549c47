/** Shapes of the arrays read from the debugger most recently (newest first), for the layer hover. Pure. */
const MAX = 20;
const recent: { name: string; shape: number[] }[] = [];

export function rememberShape(name: string, shape: readonly number[]): void {
  const i = recent.findIndex((r) => r.name === name);
  if (i >= 0) recent.splice(i, 1);
  recent.unshift({ name, shape: shape.slice() });
  if (recent.length > MAX) recent.length = MAX;
}

export function recentShapes(): readonly { name: string; shape: readonly number[] }[] {
  return recent;
}
