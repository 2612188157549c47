// Test-only web extension: VS Code lets only the extension that declares a debugger type
// serve it, so this one declares 'debugpy' and serves it with whatever inline adapter the
// Pooling Lens test suite hands in (test/vscode/suite/replayAdapter.ts).
const vscode = require('vscode');

let makeAdapter;

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory('debugpy', {
      createDebugAdapterDescriptor: () => {
        if (!makeAdapter) throw new Error('replay-debugger: the test suite has not handed in an adapter');
        return new vscode.DebugAdapterInlineImplementation(makeAdapter());
      },
    }),
  );
  return {
    useAdapter(make) {
      makeAdapter = make;
    },
  };
};

exports.deactivate = () => {};
