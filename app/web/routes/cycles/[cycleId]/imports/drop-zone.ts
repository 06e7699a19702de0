import type { Attachment } from 'svelte/attachments';

/**
 * Lets a file be dropped on an element. Only an extra: the file input inside the zone stays
 * the way to choose a file by keyboard or screen reader.
 */
export function dropZone(onfile: (file: File) => void, onactive: (active: boolean) => void): Attachment<HTMLElement> {
  return (element) => {
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      onactive(true);
    };
    const leave = (event: DragEvent) => {
      if (!element.contains(event.relatedTarget as Node | null)) onactive(false);
    };
    const drop = (event: DragEvent) => {
      event.preventDefault();
      onactive(false);
      const file = event.dataTransfer?.files[0];
      if (file) onfile(file);
    };
    element.addEventListener('dragenter', over);
    element.addEventListener('dragover', over);
    element.addEventListener('dragleave', leave);
    element.addEventListener('drop', drop);
    return () => {
      element.removeEventListener('dragenter', over);
      element.removeEventListener('dragover', over);
      element.removeEventListener('dragleave', leave);
      element.removeEventListener('drop', drop);
    };
  };
}
