import { useState } from 'preact/hooks';
import { api } from '../client/api-client';
import { unwrap } from '../client/api-errors';
import type { paths } from '../client/schema';
import { useAction, useApi } from '../client/use-api';
import { ErrorMessage, Loading, Notice, TableScroll } from '../components/feedback';
import { formatDateTime } from '../components/format';
import { SignedIn } from '../components/signed-in';
import type { Me } from '../session';

type NewUser = paths['/v1/users']['post']['requestBody']['content']['application/json'];
const ROLES: Array<{ value: Me['role']; label: string }> = [
  { value: 'owner', label: 'Owner: everything, billing and deletion included' },
  { value: 'admin', label: 'Admin: keys, policies, logs and members' },
  { value: 'member', label: 'Member: usage and their own privacy requests' },
];

function Members({ me }: { me: Me }) {
  const users = useApi(() => unwrap(api.GET('/v1/users')));
  const manager = me.role !== 'member';
  const [form, setForm] = useState<NewUser>({ name: '', email: '', password: '', role: 'member' });
  const [notice, setNotice] = useState<string | null>(null);
  const add = useAction(async () => {
    await unwrap(api.POST('/v1/users', { body: form }));
    setNotice(`${form.name} can now sign in with the password you chose; ask them to keep it safe.`);
    setForm({ name: '', email: '', password: '', role: 'member' });
    users.reload();
  });
  const changeRole = useAction(async (userId: string, role: Me['role']) => {
    await unwrap(api.PUT('/v1/users/{userId}/role', { params: { path: { userId } }, body: { role } }));
    users.reload();
  });
  const field = (name: keyof NewUser) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [name]: event.currentTarget.value });
  return (
    <>
      <ErrorMessage error={users.error ?? changeRole.error} />
      {users.loading && !users.data && <Loading what="members" />}
      {users.data && (
        <TableScroll label="Members">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => (
                <tr key={user.id}>
                  <td>{user.name}</td>
                  <td>{user.email}</td>
                  <td>
                    {manager && user.id !== me.userId ? (
                      <select
                        aria-label={`Role of ${user.name}`}
                        value={user.role}
                        onChange={(e) => void changeRole.run(user.id, e.currentTarget.value as Me['role'])}
                      >
                        {ROLES.map((role) => (
                          <option key={role.value} value={role.value}>
                            {role.value}
                          </option>
                        ))}
                      </select>
                    ) : (
                      user.role
                    )}
                  </td>
                  <td>{formatDateTime(user.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {manager && (
        <>
          <h2>Add a member</h2>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void add.run();
            }}
          >
            <label>
              Name
              <input required value={form.name} onInput={field('name')} />
            </label>
            <label>
              E-mail address
              <input type="email" required value={form.email} onInput={field('email')} />
            </label>
            <label>
              First password (at least 12 characters)
              <input
                type="password"
                autoComplete="new-password"
                minLength={12}
                required
                value={form.password}
                onInput={field('password')}
              />
            </label>
            <label>
              Role
              <select value={form.role} onChange={field('role')}>
                {ROLES.map((role) => (
                  <option key={role.value} value={role.value}>
                    {role.label}
                  </option>
                ))}
              </select>
            </label>
            <ErrorMessage error={add.error} />
            <button type="submit" disabled={add.busy}>
              Add member
            </button>
          </form>
          {notice && <Notice>{notice}</Notice>}
        </>
      )}
    </>
  );
}

export const MembersPage = () => <SignedIn title="Members and roles">{(me) => <Members me={me} />}</SignedIn>;
