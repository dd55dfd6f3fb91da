import type { DecoyFamily } from './decoys';
import { luhnComplete } from './entities';
import { ALNUM, HEX, UPPER_ALNUM, URLSAFE } from './random';

/**
 * Look-alike families of the eighth held-out split (written 2026-12-07, after
 * the eighth round of fixes, committed before it was scored), none drawn by
 * another split: DNS names built from addresses (reverse-lookup names, SOA
 * mailboxes written with a dot), loopback and stub-resolver addresses
 * (`127.0.0.53`, Docker's `127.0.0.11`, `127.0.1.1` in `/etc/hosts`), national
 * identifiers of Asia, Africa and Latin America named as such (Aadhaar, CNIC,
 * Korean RRN, My Number, Chinese resident IDs, NIK, Emirates ID, CPF, RUT,
 * CUIT, SSS, NIN…), transport and trade numbers (e-ticket numbers, air
 * waybills, containers, customs MRNs, EORI, railway PNRs), bank and payment
 * references (ABA routing numbers, BSB, sort codes, CLABE, IFSC, Swiss QR
 * references, Belgian structured communications, Norwegian KID, boleto lines,
 * UPI ids), handles and DSNs shaped like addresses (fediverse handles, Matrix
 * ids, Sentry DSN keys, Go and Cargo module versions), secrets that are not
 * (bcrypt, apr1, SHA-512 crypt, Cisco type 9, MySQL and PostgreSQL password
 * hashes after `IDENTIFIED BY PASSWORD` and `PASSWORD 'md5…'`, vault and SSM
 * references, Mapbox public tokens, search-only keys), counts in other
 * languages (Aufrufe, abonnés, visualizações, lượt xem…), timestamps and ids
 * (.NET ticks, Unix milliseconds, ULIDs, ObjectIds, Persian and Hijri dates),
 * four-part versions after product names with no verb, utility meter and
 * court numbers, sixteen-digit numbers that are not cards, well-known
 * multicast groups and networks, and code with `@` and `::`. A careful reader
 * leaves each alone.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const spaced = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

export const HELD_OUT_8_FAMILIES: DecoyFamily[] = [
  {
    name: 'dns-and-reverse',
    make: (r) =>
      r.pick([
        `${r.int(1, 254)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(10, 223)}.in-addr.arpa`,
        `hostmaster.example.${r.pick(['net', 'org', 'com'])}.`,
        `_dmarc.example.com. IN TXT "v=DMARC1; p=reject"`,
        `v=spf1 ip4:${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.0/24 include:_spf.example.net -all`,
        `b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa`,
        `mail._domainkey.example.com. IN TXT "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GN"`,
      ]),
  },
  {
    name: 'loopback-and-stubs',
    make: (r) =>
      r.pick([
        `nameserver 127.0.0.53`,
        `nameserver 127.0.0.11`,
        `127.0.1.1\t${r.pick(['build01', 'laptop', 'nas'])}`,
        `::1\tip6-localhost ip6-loopback`,
        `ff02::fb mdns`,
        `ff05::c ssdp`,
        `vrrp 224.0.0.18`,
        `group 239.192.${r.int(0, 255)}.${r.int(1, 254)}`,
      ]),
  },
  {
    name: 'national-ids-world',
    make: (r) =>
      r.pick([
        `Aadhaar ${r.int(2, 9)}${r.digits(3)} ${r.digits(4)} ${r.digits(4)}`,
        `CNIC ${r.int(1, 6)}${r.digits(4)}-${r.digits(7)}-${r.int(1, 9)}`,
        `RRN ${pad(r.int(50, 99), 2)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}-${r.int(1, 4)}${r.digits(6)}`,
        `My Number ${r.digits(4)} ${r.digits(4)} ${r.digits(4)}`,
        `身份证号 ${r.int(11, 65)}${r.digits(4)}${r.int(1960, 2005)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}${r.digits(4)}`,
        `NIK ${r.int(31, 36)}${r.digits(14)}`,
        `Emirates ID 784-${r.int(1960, 2005)}-${r.digits(7)}-${r.int(1, 9)}`,
        `CPF ${r.digits(3)}.${r.digits(3)}.${r.digits(3)}-${r.digits(2)}`,
        `RUT ${r.int(5, 25)}.${r.digits(3)}.${r.digits(3)}-${r.pick(['K', String(r.int(0, 9))])}`,
        `CUIT ${r.pick(['20', '23', '27', '30'])}-${r.digits(8)}-${r.int(0, 9)}`,
        `SSS No. ${r.digits(2)}-${r.digits(7)}-${r.int(0, 9)}`,
        `NIN ${r.digits(11)}`,
        `TC Kimlik ${r.int(1, 9)}${r.digits(10)}`,
        `MyKad ${pad(r.int(60, 99), 2)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}-${pad(r.int(1, 16), 2)}-${r.digits(4)}`,
        `Thai ID ${r.int(1, 8)}-${r.digits(4)}-${r.digits(5)}-${r.digits(2)}-${r.int(0, 9)}`,
        `SA ID ${r.int(50, 99)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}${r.digits(4)}08${r.int(0, 9)}`,
      ]),
  },
  {
    name: 'transport-and-trade',
    make: (r) =>
      r.pick([
        `ETKT ${r.pick(['220', '176', '057', '125'])} ${r.digits(10)}`,
        `AWB ${r.pick(['176', '020', '235'])}-${r.digits(8)}`,
        `container ${r.pick(['MSCU', 'MAEU', 'CMAU'])} ${r.digits(6)} ${r.int(0, 9)}`,
        `MRN ${r.int(20, 26)}DE${r.chars(UPPER_ALNUM, 12)}${r.int(0, 9)}`,
        `EORI DE${r.digits(15)}`,
        `PNR ${r.int(2, 8)}${r.digits(9)}`,
        `order #${r.digits(3)}-${r.digits(7)}-${r.digits(7)}`,
        `UN ${r.int(1000, 3500)} class ${r.int(2, 9)}`,
        `flight ${r.pick(['LH', 'AF', 'QR'])} ${r.int(100, 999)} seat ${r.int(1, 45)}${r.pick(['A', 'C', 'F'])}`,
      ]),
  },
  {
    name: 'finance-ids-more',
    make: (r) =>
      r.pick([
        `ABA routing ${r.pick(['021000021', '026009593', '121000248', '011401533'])}`,
        `BSB ${r.digits(3)}-${r.digits(3)}`,
        `sort code ${r.digits(2)}-${r.digits(2)}-${r.digits(2)}`,
        `CLABE 0${r.digits(17)}`,
        `IFSC ${r.pick(['SBIN', 'HDFC', 'ICIC'])}0${r.digits(6)}`,
        `QR-Referenz ${r.digits(2)} ${r.digits(5)} ${r.digits(5)} ${r.digits(5)} ${r.digits(5)} ${r.digits(5)}`,
        `+++${r.digits(3)}/${r.digits(4)}/${r.digits(5)}+++`,
        `KID ${r.digits(13)}`,
        `${r.digits(5)}.${r.digits(5)} ${r.digits(5)}.${r.digits(6)} ${r.digits(5)}.${r.digits(6)} ${r.int(1, 9)} ${r.digits(14)}`,
        `UPI ${r.pick(['jane.doe', r.digits(10)])}@${r.pick(['okaxis', 'ybl', 'paytm', 'oksbi'])}`,
        `EIN ${r.digits(2)}-${r.digits(7)}`,
        `BIC ${r.pick(['DEUTDEFF', 'BNPAFRPP', 'CHASUS33'])}${r.pick(['', '500', 'XXX'])}`,
      ]),
  },
  {
    name: 'email-lookalikes-more',
    make: (r) =>
      r.pick([
        `@${r.pick(['jane', 'mateo', 'sofia'])}@${r.pick(['mastodon.social', 'fosstodon.org', 'hachyderm.io'])}`,
        `@${r.pick(['jane', 'mateo'])}:matrix.org`,
        `https://${r.chars(HEX, 32)}@o${r.digits(6)}.ingest.sentry.io/${r.digits(7)}`,
        `golang.org/x/net@v0.${r.int(10, 30)}.0`,
        `serde@1.0.${r.int(100, 210)}`,
        `ssh deploy@${r.int(10, 10)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
        `postgres@localhost`,
        `git+ssh://git@example.com/team/app.git#v${r.int(1, 9)}.${r.int(0, 9)}`,
      ]),
  },
  {
    name: 'secrets-not-secrets-more',
    make: (r) =>
      r.pick([
        `$2b$12$${r.chars(ALNUM + './', 53)}`,
        `admin:$apr1$${r.chars(ALNUM, 8)}$${r.chars(ALNUM + './', 22)}`,
        `$6$rounds=656000$${r.chars(ALNUM, 16)}$${r.chars(ALNUM + './', 86)}`,
        `enable secret 9 $9$${r.chars(ALNUM, 14)}$${r.chars(ALNUM + './', 43)}`,
        `CREATE USER 'app'@'%' IDENTIFIED BY PASSWORD '*${r.chars('0123456789ABCDEF', 40)}';`,
        `ALTER ROLE app PASSWORD 'md5${r.chars(HEX, 32)}';`,
        `password: "{{resolve:ssm-secure:/prod/db/password:${r.int(1, 9)}}}"`,
        `DB_PASSWORD=@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/db-password/)`,
        `MAPBOX_TOKEN=pk.eyJ1Ijoi${r.chars(URLSAFE, 20)}.${r.chars(URLSAFE, 22)}`,
        `searchOnlyApiKey: "${r.chars(HEX, 32)}"`,
        `password: ""`,
        `PASSWORD_MIN_LENGTH=${r.int(8, 16)}`,
        `echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.com`,
        `smtp_password: ENC[AES256_GCM,data:${r.chars(URLSAFE, 16)},iv:${r.chars(URLSAFE, 22)},tag:${r.chars(URLSAFE, 22)},type:str]`,
      ]),
  },
  {
    name: 'counts-world',
    make: (r) => {
      const n = spaced(r.int(600_000_000, 999_999_999), ' ');
      return r.pick([
        `${n} Aufrufe`,
        `${n} abonnés`,
        `${n} visualizações`,
        `${n} lượt xem`,
        `${n} Einwohner`,
        `${n} habitantes`,
        `${n} satoshi`,
        `${n} wei`,
        `${n} streams`,
        `${n} installs`,
        `gas used ${n}`,
        `${n} 次播放`,
      ]);
    },
  },
  {
    name: 'timestamps-ids-more',
    make: (r) =>
      r.pick([
        `${r.int(638_000_000, 639_000_000)}${r.digits(9)}`,
        `${r.int(1_690_000_000, 1_790_000_000)}${r.digits(3)}`,
        `01H${r.chars('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 23)}`,
        `${r.chars(HEX, 24)}`,
        `۱۴۰${r.int(2, 4)}/۰${r.int(1, 9)}/۱${r.int(0, 9)}`,
        `${r.int(1444, 1447)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 29), 2)} AH`,
        `${r.int(722_000_000, 790_000_000)}.${r.digits(6)}`,
        `${r.int(2023, 2026)}年${r.int(1, 12)}月${r.int(1, 28)}日 ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}`,
      ]),
  },
  {
    name: 'versions-and-builds-more',
    make: (r) =>
      r.pick([
        `Zabbix ${r.int(5, 7)}.${r.int(0, 4)}.${r.int(0, 30)}.${r.int(1, 9)}`,
        `Qt ${r.int(5, 6)}.${r.int(0, 15)}.${r.int(0, 9)}.${r.int(1, 9)}`,
        `Tomcat ${r.int(8, 11)}.0.${r.int(1, 99)}.${r.int(1, 9)}`,
        `Db2 ${r.int(10, 11)}.${r.int(1, 5)}.${r.int(0, 9)}.${r.int(0, 9)}`,
        `FW ${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(10, 99)}`,
        `MikroTik RouterOS ${r.int(6, 7)}.${r.int(1, 16)}.${r.int(1, 3)}`,
        `Oracle Database ${r.int(19, 23)}.${r.int(3, 21)}.0.0.0`,
        `KB${r.int(5000000, 5049999)}`,
      ]),
  },
  {
    name: 'phone-lookalikes-more',
    make: (r) =>
      r.pick([
        `MPAN 01 ${r.digits(3)} ${r.digits(3)} ${r.digits(4)} ${r.digits(3)} ${r.digits(3)}`,
        `MPRN ${r.digits(10)}`,
        `Zählernummer 1EMH00${r.digits(8)}`,
        `Case No. ${r.int(1, 9)}:${r.int(20, 26)}-cv-${pad(r.int(1, 9999), 5)}`,
        `Aktenzeichen ${r.int(1, 9)} O ${r.int(10, 999)}/${r.int(20, 26)}`,
        `meter reading ${r.digits(6)} kWh`,
        `Lotto ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
        `PO Box ${r.int(1000, 99999)}`,
        `Vertragskonto ${r.digits(4)} ${r.digits(4)} ${r.digits(2)}`,
      ]),
  },
  {
    name: 'card-lookalikes-more',
    make: (r) =>
      r.pick([
        `NIK ${luhnComplete(String(r.int(3528, 3589)), 16, r)}`,
        `VID ${r.int(2, 9)}${r.digits(3)} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)}`,
        `AHV 756.${r.digits(4)}.${r.digits(4)}.${r.digits(2)}`,
        `eBay item ${r.digits(12)}`,
        `IMEI ${luhnComplete(`35${r.digits(6)}`, 15, r)}`,
        `Kundenkarte ${luhnComplete('9276', 16, r)}`,
        `.NET ticks ${r.int(638_000_000, 639_000_000)}${r.digits(9)}`,
      ]),
  },
  {
    name: 'well-known-and-networks',
    make: (r) =>
      r.pick([
        `ip route add 100.64.0.0/10 via 192.168.${r.int(0, 255)}.0/24`,
        `permit ip any 224.0.0.0 15.255.255.255`,
        `deny ip 0.0.0.0/0 any`,
        `ipv6 route ::/0 fe80::/64`,
        `ip igmp join-group 239.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
        `wildcard 0.0.${r.pick(['0', '3', '15'])}.255`,
        `snmp-server host 255.255.255.255`,
        `ip dhcp excluded-address 0.0.0.0`,
      ]),
  },
  {
    name: 'code-at-and-colons',
    make: (r) =>
      r.pick([
        `let v: Vec<u8> = std::fs::read(path)?;`,
        `y = a@b.T + c`,
        `@app.route("/users/<int:id>")`,
        `type Query { user(id: ID!): User @auth(requires: ADMIN) }`,
        `const { data } = await import("@scope/pkg@${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}")`,
        `Foo::Bar::baz(${r.int(1, 9)})`,
        `x :: Int -> Int`,
        `${r.chars(ALNUM, 6)}@${r.chars(HEX, 7)}`,
      ]),
  },
];
