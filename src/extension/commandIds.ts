// The IDs of the palette commands, apart from their handlers (commands.ts), so a module the
// handlers import (the panel) can run a command without an import cycle.
export const OPEN_COMMAND = 'poolingLens.open';
export const VISUALIZE_COMMAND = 'poolingLens.visualize';
export const OPEN_TUTORIAL_COMMAND = 'poolingLens.openTutorial';
