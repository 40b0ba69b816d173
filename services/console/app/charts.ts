// ECharts with only what the console draws: line/area and bar series, grid, tooltip, legend, aria. Keeps the
// bundle lean (echarts/core instead of the full build).
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { AriaComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | AriaComponentOption
>;

export { echarts };

/** A restrained palette that stays distinguishable for many categories. */
export const PALETTE = [
  '#1f5fa8', '#d9822b', '#2f9e72', '#c23b3b', '#7356b8', '#1a9bb0', '#a8753a', '#5b6b7f',
  '#d15c96', '#6e9e2f', '#3d7fd9', '#b0862a', '#4c566a', '#8f4fa0', '#2a8f8f', '#c96b4a',
];

export const FONT_FAMILY = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';
