// Every test file of the in-VS Code suites, web and desktop. Add new ones here.
import './extension.test';
import './panel.test';
import './hover.test';
import './entrypoints.test';
import './hardening.test';
import './debug.test';
