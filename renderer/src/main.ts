// The renderer's entry: one bundle for both windows; the URL says which to show. A
// view lives as long as its page, so the unmount each mount returns is not needed here.
import './styles/app.css';
import { mountLauncher } from './app/launcher-window.js';
import { installErrorReporting } from './kernel/error-reporting.js';
import { mountWorkspace } from './app/workspace-window.js';

installErrorReporting();
const root = document.getElementById('app');
if (root) {
  const view = new URLSearchParams(location.search).get('view');
  if (view === 'workspace') mountWorkspace(root);
  else mountLauncher(root);
}
