import type { DecoyFamily } from './decoys';
import { luhnComplete } from './entities';
import { ALNUM, BASE64, HEX, type Random, UPPER_ALNUM } from './random';

/**
 * Look-alike families of the sixth held-out split (written 2026-12-07,
 * committed before it was scored): diff and version-control noise, scope
 * paths of C++ and Rust whose names are hex letters (`db::add`), hardware
 * bus addresses, timecodes and clock readings, postal codes of the world,
 * regulatory and chemical codes, financial identifiers that are not
 * accounts, masked and templated values, counts and measures with their
 * units, product versions after tokens and words the rules do not list,
 * `@` in code (matrix products, decorators, prompts), secret look-alikes
 * (hashes, references, policies), national identifiers of other kinds,
 * logistics codes and network prefixes and masks. A careful reader leaves
 * each alone; none is drawn in the other splits' families.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const spaced = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** Verhoeff-free twelve digits in fours starting 2–9: the shape of an Aadhaar number. */
const aadhaarShape = (r: Random) => `${r.int(2, 9)}${r.digits(3)} ${r.digits(4)} ${r.digits(4)}`;

export const HELD_OUT_6_FAMILIES: DecoyFamily[] = [
  {
    name: 'diff-and-vcs',
    make: (r) =>
      r.pick([
        `@@ -${r.int(1, 400)},${r.int(1, 30)} +${r.int(1, 400)},${r.int(1, 30)} @@`,
        `index ${r.chars(HEX, 7)}..${r.chars(HEX, 7)} 100644`,
        `Merge: ${r.chars(HEX, 7)} ${r.chars(HEX, 7)}`,
        `Change-Id: I${r.chars(HEX, 40)}`,
        `v${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}-${r.int(1, 99)}-g${r.chars(HEX, 7)}`,
        `Reviewed-on: https://review.example.org/c/app/+/${r.int(1000, 99999)}`,
      ]),
  },
  {
    name: 'scope-paths',
    make: (r) =>
      r.pick([
        `db::add(row)`,
        `bc::dec(${r.int(1, 9)})`,
        `std::chrono::seconds(${r.int(1, 90)})`,
        `crate::cfg::load()`,
        `Foo::Bar.baz(${r.int(1, 9)})`,
        `ab::cd_ef`,
        `Ecto::Changeset.cast/4`,
      ]),
  },
  {
    name: 'hardware-buses',
    make: (r) =>
      r.pick([
        `Bus 00${r.int(1, 4)} Device 00${r.int(1, 9)}: ID ${r.chars(HEX, 4)}:${r.chars(HEX, 4)} Logitech, Inc.`,
        `0000:${pad(r.int(0, 99), 2)}:${r.chars(HEX, 2)}.${r.int(0, 7)} Ethernet controller`,
        `[${r.int(0, 3)}:0:0:${r.int(0, 7)}] disk ATA Samsung SSD 870`,
        `/dev/disk/by-id/nvme-eui.${r.chars(HEX, 16)}`,
        `hci0: ${Array.from({ length: 6 }, () => r.chars('0123456789ABCDEF', 2)).join(':')}`,
        `ata-WDC_WD40EFRX-68N32N0_WD-WCC7K${r.chars(UPPER_ALNUM, 7)}`,
      ]),
  },
  {
    name: 'timecodes-and-clock',
    make: (r) =>
      r.pick([
        `TC ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 24), 2)}`,
        `${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}.${r.digits(6)}`,
        `T+${pad(r.int(0, 9), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}`,
        `${r.int(0, 59)} */${r.int(2, 12)} * * ${r.int(0, 6)}`,
        `up ${r.int(2, 400)} days, ${r.int(1, 23)}:${pad(r.int(0, 59), 2)}, load average: 0.${r.digits(2)}, 0.${r.digits(2)}`,
        `PT${r.int(1, 9)}H${r.int(1, 59)}M${r.int(1, 59)}S`,
      ]),
  },
  {
    name: 'postal-codes-world',
    make: (r) =>
      r.pick([
        `SW1A ${r.int(1, 9)}AA London`,
        `${r.int(1011, 1099)} ${r.chars('ABCDEFGHJKLMNPRSTVWXZ', 2)} Amsterdam`,
        `${pad(r.int(0, 99), 2)}-${r.digits(3)} Warszawa`,
        `〒${r.int(100, 999)}-${r.digits(4)} 東京都`,
        `CEP ${r.digits(5)}-${r.digits(3)}`,
        `${r.int(110, 199)} ${pad(r.int(0, 99), 2)} Praha ${r.int(1, 9)}`,
        `FI-${r.digits(5)} Helsinki`,
        `D0${r.int(1, 9)} ${r.chars('ACDEFHKNPRTVWXY', 1)}${r.digits(3)}`,
      ]),
  },
  {
    name: 'regulatory-codes',
    make: (r) =>
      r.pick([
        `CAS ${r.int(50, 99999)}-${pad(r.int(0, 99), 2)}-${r.int(0, 9)}`,
        `EC ${r.int(200, 999)}-${r.digits(3)}-${r.int(0, 9)}`,
        `HS code ${r.digits(4)}.${r.digits(2)}.${r.digits(4)}`,
        `NDC ${r.digits(4)}-${r.digits(4)}-${r.digits(2)}`,
        `US ${spaced(r.int(10_000_000, 11_999_999), ',')} B2`,
        `Case ${r.int(1, 3)}:${r.int(20, 26)}-cv-${r.digits(5)}`,
        `ICD-10 S${r.digits(2)}.${r.digits(3)}A`,
        `UN ${r.int(1000, 3500)} Class ${r.int(1, 9)}`,
      ]),
  },
  {
    name: 'finance-ids-not-accounts',
    make: (r) =>
      r.pick([
        `BIC ${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}DEFF${r.pick(['XXX', '500', ''])}`,
        `ISIN US${r.digits(10)}`,
        `CUSIP ${r.digits(9)}`,
        `sort code ${r.digits(2)}-${r.digits(2)}-${r.digits(2)}`,
        `BSB ${r.digits(3)}-${r.digits(3)}`,
        `CLABE ${r.digits(18)}`,
        `IFSC HDFC0${r.digits(6)}`,
        `FIGI BBG${r.chars(UPPER_ALNUM, 9)}`,
        `KID ${r.digits(r.int(10, 15))}`,
      ]),
  },
  {
    name: 'masked-and-templated',
    make: (r) =>
      r.pick([
        `+1 ***-***-${r.digits(4)}`,
        `${r.chars(LOWER, 1)}***@example.com`,
        `**** **** **** ${r.digits(4)}`,
        `DE${r.digits(2)} **** **** **** ${r.digits(4)} ${r.digits(2)}`,
        `XXX-XX-${r.digits(4)}`,
        `192.168.x.${r.int(1, 254)}`,
        `{{customer.phone}}`,
        `<email>`,
        `%PASSWORD%`,
      ]),
  },
  {
    name: 'counts-and-measures-6',
    make: (r) =>
      r.pick([
        `${spaced(r.int(100_000_000, 999_999_999), ' ')} m/s`,
        `${spaced(r.int(1_000_000_000, 9_999_999_999), ' ')} Hz`,
        `${spaced(r.int(10_000_000, 99_999_999), ' ')} inhabitants`,
        `${spaced(r.int(100_000_000, 999_999_999), ' ')} rows scanned`,
        `₹${r.int(10, 99)},${r.digits(2)},${r.digits(3)}`,
        `${r.int(1, 999)}'${r.digits(3)}'${r.digits(3)}.${r.digits(2)} CHF`,
        `reach ${spaced(r.int(10_000, 99_999_999), ' ')} users`,
        `dial ${r.pick(['112', '911', '999', '000'])}`,
        `text ${r.digits(5)} to subscribe`,
      ]),
  },
  {
    name: 'product-versions-6',
    make: (r) =>
      r.pick([
        `AssemblyFileVersion("${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(0, 9)}")`,
        `Edg/${r.int(110, 131)}.0.0.0`,
        `OPR/${r.int(95, 115)}.0.0.0`,
        `YaBrowser/${r.int(22, 25)}.${r.int(1, 12)}.0.0`,
        `driver ${r.int(20, 31)}.${r.int(0, 9)}.${r.int(10, 99)}.${r.int(0, 255)}`,
        `ProductVersion ${r.int(10, 16)}.0.0.${r.int(1, 99)}`,
        `BIOS ${r.int(1, 2)}.${r.int(0, 30)}.${r.int(0, 9)}.${r.int(0, 9)}`,
        `jre ${r.int(1, 1)}.${r.int(6, 8)}.0.${r.int(100, 255)}`,
      ]),
  },
  {
    name: 'at-signs-in-code-6',
    make: (r) =>
      r.pick([
        `y = x@self.proj.weight.T`,
        `logits = h@self.head.weight`,
        `@app.route("/api/v${r.int(1, 3)}/users")`,
        `deploy@web-${pad(r.int(1, 40), 2)}:~$ uptime`,
        `user@localhost`,
        `@media (max-width: ${r.int(320, 1200)}px)`,
        `npm i @acme/ui@${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}`,
        `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(BASE64, 43)} ops@bastion`,
      ]),
  },
  {
    name: 'secret-lookalikes-6',
    make: (r) =>
      r.pick([
        `password_hash: $2b$12$${r.chars(ALNUM + './', 53)}`,
        `passwd: files systemd`,
        `PASSWORD_MIN_LENGTH=${r.int(8, 16)}`,
        `password: \${{ secrets.DB_PASSWORD }}`,
        `password: !vault |`,
        `pwd: /home/app/releases/${r.int(2, 99)}`,
        `docker login --password-stdin`,
        `sk-learn==1.${r.int(0, 5)}.${r.int(0, 3)}`,
        `secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>`,
        `SHA256:${r.chars(BASE64, 43)}`,
        `AWS_SECRET_ACCESS_KEY=$(aws configure get aws_secret_access_key)`,
        `PIN: ${r.pick(['0000', '1111', '****'])}`,
      ]),
  },
  {
    name: 'national-ids-other',
    make: (r) =>
      r.pick([
        `Aadhaar ${aadhaarShape(r)}`,
        `CPF ${r.digits(3)}.${r.digits(3)}.${r.digits(3)}-${r.digits(2)}`,
        `DNI ${r.digits(8)}${r.chars('TRWAGMYFPDXBNJZSQVHLCKE', 1)}`,
        `AHV 756.${r.digits(4)}.${r.digits(4)}.${r.digits(2)}`,
        `NINO QQ ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} C`,
        `TFN ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`,
        `PESEL ${r.digits(11)}`,
        `RRN ${pad(r.int(50, 99), 2)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}-${r.int(1, 2)}${r.digits(6)}`,
      ]),
  },
  {
    name: 'logistics-6',
    make: (r) =>
      r.pick([
        `container MSCU ${r.digits(6)} ${r.int(0, 9)}`,
        `AWB ${r.int(100, 999)}-${r.digits(8)}`,
        `SSCC (00) ${r.digits(1)} ${r.digits(7)} ${r.digits(9)} ${r.digits(1)}`,
        `RR${r.digits(9)}GB`,
        `flight LH ${r.int(100, 999)} at ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}, seat ${r.int(1, 40)}${r.chars('ABCDEF', 1)}`,
        `IMEI ${luhnComplete(`35${r.digits(6)}`, 15, r)}`,
        `ICCID ${luhnComplete(`8944${r.digits(2)}`, 19, r)}`,
      ]),
  },
  {
    name: 'network-prefixes-and-masks',
    make: (r) =>
      r.pick([
        `netmask 255.255.${r.pick(['255.0', '254.0', '252.0', '240.0'])}`,
        `route ::/0 via gateway`,
        `fe80::/10 is link-local`,
        `AS${r.int(64512, 65534)}`,
        `vlan ${r.int(2, 4094)}`,
        `ports ${r.int(8000, 8099)}-${r.int(8100, 8199)}`,
        `OID 1.2.840.${r.int(10000, 999999)}.1.${r.int(1, 9)}`,
        `00-${Array.from({ length: 5 }, () => r.chars('0123456789ABCDEF', 2)).join('-')}`,
      ]),
  },
];
