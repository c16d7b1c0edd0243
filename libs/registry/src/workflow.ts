// The transition tables and the record workflow are shared by every stateful record of the platform (libs/common).
export type { EditableStatuses, Party, TransitionRule, Workflow } from '@app/common';
export { applyTransition, editableStatusesFor, partiesOf } from '@app/common';
