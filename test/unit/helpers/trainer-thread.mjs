// worker_threads cannot load TypeScript by itself: register tsx in this thread, then load the entry.
import { register } from 'tsx/esm/api';

register();
await import('./trainer-thread.ts');
