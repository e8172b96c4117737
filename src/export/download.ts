/** Saves bytes or text as a file from the browser: an object URL clicked through a temporary link. */

/** Some browsers (Safari, older Firefox) read the URL after click() returns, so it is revoked a little later. */
const REVOKE_AFTER_MS = 10_000;

/** Offers `data` for download as `name` with MIME type `type`. */
export function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
