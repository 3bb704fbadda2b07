export { roadMapWorkflow } from './roadmap-workflow.js';
export { itemExecutionWorkflow } from './item-execution-workflow.js';
