// The panel's DOM parts, built once by the Panel and shared by the parts that update them.
import type { ActionsForm, DisplayForm } from './actions';
import type { ChainView } from './chainView';
import type { CompareView } from './compareView';
import type { ParamsForm } from './controls';
import type { DimsPanel } from './dims';
import type { ExplainBar } from './explainbar';
import type { GridPane } from './pane';
import type { Shell } from './shell';
import type { ViewTabs } from './viewTabs';

export interface PanelViews {
  shell: Shell;
  form: ParamsForm;
  dims: DimsPanel;
  display: DisplayForm;
  actions: ActionsForm;
  inputPane: GridPane;
  outputPane: GridPane;
  explainBar: ExplainBar;
  compare: CompareView;
  chain: ChainView;
  tabs: ViewTabs;
}

export type GridName = 'input' | 'output';

export function paneOf(v: PanelViews, grid: GridName): GridPane {
  return grid === 'input' ? v.inputPane : v.outputPane;
}
