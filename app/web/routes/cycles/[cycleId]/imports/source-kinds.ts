import type { SourceDto } from '$shared/schemas';

export const SOURCE_KINDS: readonly SourceDto['kind'][] = ['vraagpunt', 'survey', 'focusgroup', 'other'];
