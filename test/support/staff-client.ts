// A staff member using the console API over real HTTP, as the console page will: the session
// cookie from sign-in is sent back, and the CSRF token goes in x-csrf-token on state changes.

export interface StaffResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export class StaffClient {
  cookie = '';
  csrfToken = '';
  staff: { id: string; email: string; role: string; name: string } | undefined;

  constructor(readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<StaffResponse> {
    const response = await this.request('POST', '/api/staff/login', { email, password });
    if (response.status === 200) {
      this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
      this.csrfToken = String(response.body.csrfToken);
      this.staff = response.body.staff as StaffClient['staff'];
    }
    return response;
  }

  /** Signs in and throws unless it worked. */
  async signIn(email: string, password: string): Promise<this> {
    const response = await this.login(email, password);
    if (response.status !== 200) throw new Error(`login ${email}: ${response.status} ${JSON.stringify(response.body)}`);
    return this;
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, options: { csrf?: string | null } = {}): Promise<StaffResponse<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    if (csrf) headers['x-csrf-token'] = csrf;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }

  patch<T = Record<string, unknown>>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }

  /** An admin creates an account and the new person signs in. */
  async createStaff(role: 'agent' | 'supervisor' | 'admin', name: string): Promise<StaffClient> {
    const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@staff.test`;
    const password = `pw-${name}-long-enough`;
    const created = await this.post('/api/staff/users', { email, name, password, role });
    if (created.status !== 201) throw new Error(`create ${email}: ${created.status} ${JSON.stringify(created.body)}`);
    return new StaffClient(this.baseUrl).signIn(email, password);
  }
}
