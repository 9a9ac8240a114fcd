import type { FileHandle } from "node:fs/promises";

/** The signature of an OLE compound file (CFB): legacy .xls, and also what Office wraps encrypted workbooks in. */
export const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export type CompoundFileKind = "encrypted" | "legacy-xls" | "other";

const END_OF_CHAIN = 0xfffffffe;
const MAX_SECTOR = 0xfffffffa;
const HEADER_DIFAT_ENTRIES = 109;
// Encrypted packages and .xls files have a handful of directory entries; this bounds the walk on damaged files.
const MAX_DIRECTORY_SECTORS = 1024;

/**
 * Tells an encrypted OOXML package (streams `EncryptionInfo` + `EncryptedPackage`, MS-OFFCRYPTO) from a legacy
 * workbook (stream `Workbook` or `Book`) by the names in the compound file's directory (MS-CFB).
 */
export async function inspectCompoundFile(file: FileHandle): Promise<CompoundFileKind> {
  const header = await readAt(file, 0, 512);
  if (header.length < 512 || !header.subarray(0, 8).equals(CFB_SIGNATURE)) return "other";
  const sectorShift = header.readUInt16LE(0x1e);
  if (sectorShift !== 9 && sectorShift !== 12) return "other";
  const sectorSize = 1 << sectorShift;
  const entriesPerSector = sectorSize / 4;
  const sectorOffset = (sector: number): number => (sector + 1) * sectorSize;

  const fatSectorCache = new Map<number, Buffer>();
  let difatSectors: number[] | undefined;
  const fatSectorNumber = async (n: number): Promise<number | undefined> => {
    if (n < HEADER_DIFAT_ENTRIES) return header.readUInt32LE(0x4c + n * 4);
    if (difatSectors === undefined) {
      difatSectors = [];
      let next = header.readUInt32LE(0x44);
      for (let guard = 0; next <= MAX_SECTOR && guard < 4096; guard++) {
        const sector = await readAt(file, sectorOffset(next), sectorSize);
        for (let i = 0; i < entriesPerSector - 1; i++) difatSectors.push(sector.readUInt32LE(i * 4));
        next = sector.readUInt32LE(sectorSize - 4);
      }
    }
    return difatSectors[n - HEADER_DIFAT_ENTRIES];
  };
  const nextSector = async (sector: number): Promise<number> => {
    const fatIndex = Math.floor(sector / entriesPerSector);
    let fat = fatSectorCache.get(fatIndex);
    if (fat === undefined) {
      const fatSector = await fatSectorNumber(fatIndex);
      if (fatSector === undefined || fatSector > MAX_SECTOR) return END_OF_CHAIN;
      fat = await readAt(file, sectorOffset(fatSector), sectorSize);
      fatSectorCache.set(fatIndex, fat);
    }
    const at = (sector % entriesPerSector) * 4;
    return at + 4 <= fat.length ? fat.readUInt32LE(at) : END_OF_CHAIN;
  };

  const names = new Set<string>();
  let sector = header.readUInt32LE(0x30);
  for (let walked = 0; sector <= MAX_SECTOR && walked < MAX_DIRECTORY_SECTORS; walked++) {
    const directory = await readAt(file, sectorOffset(sector), sectorSize);
    for (let at = 0; at + 128 <= directory.length; at += 128) {
      const nameLength = directory.readUInt16LE(at + 0x40);
      const type = directory[at + 0x42];
      if (type === 0 || nameLength < 2 || nameLength > 64) continue;
      names.add(directory.toString("utf16le", at, at + nameLength - 2));
    }
    sector = await nextSector(sector);
  }
  if (names.has("EncryptedPackage")) return "encrypted";
  if (names.has("Workbook") || names.has("Book")) return "legacy-xls";
  return "other";
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
