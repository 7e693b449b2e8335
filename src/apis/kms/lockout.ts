/** Failed AK/SK signatures in a row after which the gateway locks the AK. */
const MAX_FAILURES = 5;
/** How long a locked AK stays locked. */
const LOCKED_FOR_MS = 5 * 60 * 1000;

interface AkRecord {
  failures: number;
  lockedUntil: number;
}

/**
 * Huawei's API gateway locks an AK for five minutes after five failed signatures in a row.
 * Kept per session, for the AKs whose fixture asks for it only: a test suite that tries bad
 * signatures must not lock itself out by accident.
 */
export class AkLockout {
  private readonly aks = new Map<string, AkRecord>();

  isLocked(ak: string, now: number): boolean {
    const record = this.aks.get(ak);
    if (!record || record.lockedUntil === 0) return false;
    if (now < record.lockedUntil) return true;
    this.aks.delete(ak);
    return false;
  }

  /** `subject` names the AKs the lockout applies to now: records of any other (a state replaced since) are let go. */
  failed(ak: string, now: number, subject: ReadonlySet<string>): void {
    for (const known of this.aks.keys()) if (!subject.has(known)) this.aks.delete(known);
    const record = this.aks.get(ak) ?? { failures: 0, lockedUntil: 0 };
    record.failures += 1;
    if (record.failures >= MAX_FAILURES) record.lockedUntil = now + LOCKED_FOR_MS;
    this.aks.set(ak, record);
  }

  succeeded(ak: string): void {
    this.aks.delete(ak);
  }
}
