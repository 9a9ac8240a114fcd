import type {
  CustomerState,
  EmulatorState,
  PartnerState,
  ProductState,
  RememberedReply,
  ResellerState,
} from "./state.js";

/**
 * The emulator's state in memory with its lookups. Handlers run synchronously between awaits, so every check-then-act
 * on the store is atomic. `onChange` is called after each change (the state file batches the writes).
 */
export class EmulatorStore {
  readonly partner: PartnerState;
  private readonly resellersByPartnerId = new Map<string, ResellerState>();
  private readonly resellersByTenantId = new Map<string, ResellerState>();
  private readonly resellerList: ResellerState[];
  private readonly productsByKey = new Map<string, ProductState>();
  private readonly productList: ProductState[];
  private readonly customersById = new Map<string, CustomerState>();
  private readonly customerIdByDomain = new Map<string, string>();
  private readonly replies = new Map<string, RememberedReply>();

  constructor(
    state: EmulatorState,
    private readonly replyLimit: number,
    private readonly onChange: () => void,
  ) {
    this.partner = state.partner;
    this.resellerList = state.resellers;
    for (const r of state.resellers) {
      this.resellersByPartnerId.set(r.partnerId, r);
      this.resellersByTenantId.set(r.tenantId.toLowerCase(), r);
    }
    this.productList = state.products;
    for (const p of state.products) this.productsByKey.set(productKey(p.productId, p.skuId), p);
    for (const c of state.customers) this.indexCustomer(c);
    for (const r of state.replies) this.replies.set(r.key, r);
    this.trimReplies();
  }

  get resellers(): readonly ResellerState[] {
    return this.resellerList;
  }

  resellerByPartnerId(partnerId: string): ResellerState | undefined {
    return this.resellersByPartnerId.get(partnerId.trim());
  }

  resellerByTenantId(tenantId: string): ResellerState | undefined {
    return this.resellersByTenantId.get(tenantId.trim().toLowerCase());
  }

  product(productId: string, skuId: string): ProductState | undefined {
    return this.productsByKey.get(productKey(productId, skuId));
  }

  customer(id: string): CustomerState | undefined {
    return this.customersById.get(id.toLowerCase());
  }

  customerByDomain(domain: string): CustomerState | undefined {
    const id = this.customerIdByDomain.get(domain.toLowerCase());
    return id === undefined ? undefined : this.customersById.get(id);
  }

  customers(): IterableIterator<CustomerState> {
    return this.customersById.values();
  }

  addCustomer(customer: CustomerState): void {
    this.indexCustomer(customer);
    this.changed();
  }

  /** Call after mutating an object the store holds (a customer's agreements, carts, orders). */
  changed(): void {
    this.onChange();
  }

  reply(key: string): RememberedReply | undefined {
    return this.replies.get(key);
  }

  remember(reply: RememberedReply): void {
    this.replies.set(reply.key, reply);
    this.trimReplies();
    this.changed();
  }

  /** The whole state, sharing the live objects: serialize it at once, or copy it. */
  view(): EmulatorState {
    return {
      version: 1,
      partner: this.partner,
      resellers: this.resellerList,
      products: this.productList,
      customers: [...this.customersById.values()],
      replies: [...this.replies.values()],
    };
  }

  private indexCustomer(c: CustomerState): void {
    this.customersById.set(c.id.toLowerCase(), c);
    this.customerIdByDomain.set(c.domain.toLowerCase(), c.id.toLowerCase());
  }

  private trimReplies(): void {
    // Maps iterate in insertion order, so the first keys are the oldest answers.
    for (const key of this.replies.keys()) {
      if (this.replies.size <= this.replyLimit) break;
      this.replies.delete(key);
    }
  }
}

function productKey(productId: string, skuId: string): string {
  return `${productId.trim().toUpperCase()}:${skuId.trim().toUpperCase()}`;
}
