export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Standard or URL-safe alphabet, padding optional (what `openssl rand -base64` and hand-edited JSON produce). */
export function fromBase64(text: string): Uint8Array | undefined {
  const standard = text.trim().replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return undefined;
  const body = standard.replace(/=+$/, "");
  try {
    return Uint8Array.from(atob(body + "=".repeat((4 - (body.length % 4)) % 4)), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
