export { roadMapWorkflow } from './roadmap-workflow.js';
export { itemExecutionWorkflow } from './item-execution-workflow.js';
export { monitoringCycleWorkflow } from './monitoring-cycle-workflow.js';
export { reportingPeriodWorkflow } from './reporting-period-workflow.js';
export { federalCycleWorkflow } from './federal-cycle-workflow.js';
export { federalWeekWorkflow } from './federal-week-workflow.js';
export { roadMapDeadlineWorkflow } from './roadmap-deadline-workflow.js';
export { sweepUnattachedUploadsWorkflow } from './upload-sweep-workflow.js';
