/** An image file that could not be read or decoded; the message starts with the file's path. */
export class ImageFileError extends Error {
  override readonly name = 'ImageFileError';
  readonly file: string;

  constructor(file: string, reason: string, options?: ErrorOptions) {
    super(`${file}: ${reason}`, options);
    this.file = file;
  }
}
