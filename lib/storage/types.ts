export type StorageType = "local" | "s3";

/** A file on local disk to copy or stream into the store, so a large file is never held in memory. */
export type FileBody = { path: string; size: number };
/** What a file is stored from: its bytes, or a local file. */
export type PutBody = Buffer | FileBody;

export type StorageDriver = {
  type: StorageType;
  put(key: string, data: PutBody): Promise<void>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
};

/** Where files go and how to read them back by the type recorded on each row. */
export type Storage = {
  put(key: string, data: PutBody): Promise<StorageType>;
  /**
   * The folder put() writes to when its files go straight to local disk (no remote store in
   * front): another thread may write a file there itself, as put() would. Undefined otherwise.
   */
  localRoot?: string;
  /** On that driver, with no fallback: for files made from one stored there (previews), which must sit beside it. */
  putOn(type: StorageType, key: string, data: PutBody): Promise<void>;
  get(type: StorageType, key: string): Promise<Buffer>;
  delete(type: StorageType, key: string): Promise<void>;
};
