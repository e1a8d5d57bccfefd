// The ECharts Salesdeck ships: only the chart types and components its charts use
// (src/analytics/charts), bundled by scripts/build-echarts.mjs into one script that
// sets the global `echarts`, as the full build does. A chart that needs another type
// or component adds it here, then runs scripts/vendor-echarts.sh.
import { use } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export * from 'echarts/core';
