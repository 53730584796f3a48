// A file from the agent's computer for a reply: uploaded as soon as it is chosen (POST /conversations/{id}/
// attachments), then sent by its id. The server refuses files over MAX_ATTACHMENT_BYTES; such a file is refused
// here, before its bytes are sent for nothing.
import { isApiError } from '../../../api/client';
import type { Attachment } from '../../../api/routing';
import { formatSize } from '../../../format';

/** The server's limit: 20 MiB (it answers 413 above it). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** "receipt.png · 12 KB" */
export const attachmentLabel = (attachment: Pick<Attachment, 'name' | 'size'>) =>
  `${attachment.name} · ${formatSize(attachment.size)}`;

export type UploadResult = { ok: true; attachment: Attachment } | { ok: false; message: string };

/** Uploads the file with `upload` unless it is too large: the attachment, or why there is none in words. */
export async function uploadForReply(file: File, upload: (file: File) => Promise<Attachment>): Promise<UploadResult> {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return { ok: false, message: `${file.name} is too large (${formatSize(file.size)}): a file can be at most 20 MB.` };
  }
  try {
    return { ok: true, attachment: await upload(file) };
  } catch (error) {
    return { ok: false, message: isApiError(error) ? error.message : String(error) };
  }
}
