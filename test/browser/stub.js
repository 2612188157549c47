// Stands in for VS Code's webview host in the browser tests: records what the panel
// posts (with the time it was posted), keeps its saved state, dispatches host messages,
// and collects CSP violations so the runner can fail on them.
(() => {
  const posted = [];
  const violations = [];
  let state;
  let acquired = false;
  window.__posted = posted;
  window.__cspViolations = violations;
  window.__savedState = () => state;
  window.__setSavedState = (s) => {
    state = s;
  };
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (message) => posted.push({ at: performance.now(), message }),
      getState: () => state,
      setState: (s) => {
        state = s;
        return s;
      },
    };
  };
  /** Host → webview, as VS Code delivers it: a MessageEvent on window. */
  window.__host = (message) => window.dispatchEvent(new MessageEvent('message', { data: message }));
  document.addEventListener('securitypolicyviolation', (e) => {
    violations.push(`${e.violatedDirective}: ${e.blockedURI || '(inline)'} ${e.sourceFile || ''}:${e.lineNumber || ''}`);
  });
})();
