export type StorageType = "local" | "s3";

export type StorageDriver = {
  type: StorageType;
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
};

/** Where files go and how to read them back by the type recorded on each row. */
export type Storage = {
  put(key: string, data: Buffer): Promise<StorageType>;
  /** On that driver, with no fallback: for files made from one stored there (previews), which must sit beside it. */
  putOn(type: StorageType, key: string, data: Buffer): Promise<void>;
  get(type: StorageType, key: string): Promise<Buffer>;
  delete(type: StorageType, key: string): Promise<void>;
};
