// File uploads with progress: fetch cannot report upload progress, so this one request uses XMLHttpRequest.
import { ApiError, apiUrl, authHeaders, toApiError } from './client.ts';
import type { EnqueuedTask } from './types.ts';

export interface UploadOptions {
  method: 'POST' | 'PUT';
  path: string;
  body: Blob | FormData;
  /** Set for raw bodies; FormData sets its own multipart boundary. */
  contentType?: string;
  /** 0…1 as the bytes leave the browser. */
  onProgress?: (fraction: number) => void;
}

/** Sends the body and resolves with the enqueued task, or rejects with an ApiError carrying the server's message. */
export function uploadWithProgress(options: UploadOptions): Promise<EnqueuedTask> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method, apiUrl(options.path));
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    if (options.contentType) xhr.setRequestHeader('content-type', options.contentType);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      const response = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText });
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1);
        resolve(JSON.parse(xhr.responseText) as EnqueuedTask);
      } else void toApiError(response).then(reject);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload could not reach the server.'));
    xhr.send(options.body);
  });
}
