/**
 * Whether a young collection may try to promote (HotSpot's `promotion_attempt_is_safe`): safe when the
 * old generation's room is at least the padded average of what past young collections promoted, or at
 * least everything young (the worst case). Otherwise the plan collects the whole heap instead, so a
 * promotion failure stays rare. The average weighs the latest collection by 30%.
 *
 * @example
 * const guarantee = new PromotionGuarantee();
 * if (!guarantee.isSafe(oldFree + headroom, youngUsed)) return collectFull();
 * guarantee.record(promotedBytes);
 */
export class PromotionGuarantee {
  private average = 0;

  /** A young collection promoted `bytes`. */
  record(bytes: number): void {
    this.average = this.average === 0 ? bytes : this.average * 0.7 + bytes * 0.3;
  }

  /** Whether `availableBytes` of old-generation room can take the promotion of `youngUsedBytes` young bytes. */
  isSafe(availableBytes: number, youngUsedBytes: number): boolean {
    return availableBytes >= Math.min(this.average * 1.5, youngUsedBytes);
  }
}
