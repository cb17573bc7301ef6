package dev.chatstore.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts of the Redis backend: each runs atomically on the server holding one shard
 * (see {@link Shard} for the key layout, {@link StoredValue} for the value header). They are
 * called with {@code EVALSHA} and sent in full ({@code EVAL}, which also caches them) when the
 * server answers {@code NOSCRIPT}, as after a restart. Every script derives the shard's other
 * key names from {@code KEYS[1]} (its index {@code T:i}), so all keys it touches share the hash
 * tag of {@code KEYS[1]}.
 *
 * <p>Lua compares nothing as strings: order comes from the sorted sets ({@code ZRANGEBYLEX}
 * compares members with {@code memcmp}, which is chatstore's unsigned byte order), and range
 * membership of a member is decided by its rank.
 */
enum Scripts {
  /**
   * Applies a group of write batches to one shard. KEYS: index, expiry index, [schedule,
   * [registry]]. ARGV: now, gid, alt-gid, alt-index, record-ttl-ms, registry-check (0/1),
   * shard-id, batch count, then per batch its op count and ops: {@code P m stored},
   * {@code E m stored expiry pxat}, {@code D m}, {@code R lo hi}, {@code C m expected},
   * {@code A m}. Returns {@code {'r', flags, min-expiry}} ({@code flags} one '1'/'0' per batch,
   * {@code min-expiry} the earliest expiry written, or empty), or {@code {'c', tenant-prefix}}
   * when a range delete of the system shard would cross a registered tenant (nothing applied),
   * or {@code {'p'}} when this gid was poisoned (nothing applied).
   *
   * <p>Exactly once: the result is recorded under {@code T:c:gid} ({@code flags:min-expiry},
   * kept for record-ttl-ms), and a call whose gid is recorded returns the record instead of
   * applying again. A retry of one batch of an earlier call names that call as alt-gid and the
   * batch's index: when the earlier call was applied, its recorded flag is returned; when not,
   * the earlier gid is poisoned ({@code 'x'}) so that a late delivery of it applies nothing.
   */
  WRITE("""
      local idx, xk, sched, reg = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
      local tag = string.sub(idx, 1, -3)
      local vp, rp = tag .. ':v:', tag .. ':c:'
      local now, gid, alt = tonumber(ARGV[1]), ARGV[2], ARGV[3]
      local altIdx, ttl = tonumber(ARGV[4]), ARGV[5]
      local regCheck, shardId, nb = ARGV[6] == '1', ARGV[7], tonumber(ARGV[8])
      local OPLEN = {P = 3, E = 5, D = 2, R = 3, C = 3, A = 2}
      if alt ~= '' then
        local r = redis.call('GET', rp .. alt)
        if r and r ~= 'x' then
          local sep = string.find(r, ':', 1, true)
          return {'r', string.sub(r, altIdx + 1, altIdx + 1), string.sub(r, sep + 1)}
        end
        if not r then redis.call('SET', rp .. alt, 'x', 'PX', ttl) end
      end
      local done = redis.call('GET', rp .. gid)
      if done == 'x' then return {'p'} end
      if done then
        local sep = string.find(done, ':', 1, true)
        return {'r', string.sub(done, 1, sep - 1), string.sub(done, sep + 1)}
      end
      if regCheck then
        local p = 9
        for b = 1, nb do
          local n = tonumber(ARGV[p]); p = p + 1
          for o = 1, n do
            local op = ARGV[p]
            if op == 'R' then
              local hit = redis.call('ZRANGEBYLEX', reg, ARGV[p + 1], ARGV[p + 2], 'LIMIT', 0, 1)
              if #hit > 0 then return {'c', hit[1]} end
            end
            p = p + OPLEN[op]
          end
        end
      end
      local hasX = redis.call('EXISTS', xk) == 1
      local sets, adds, rems = {}, {}, {}
      local function flush()
        if #sets > 0 then redis.call('MSET', unpack(sets)); sets = {} end
        if #adds > 0 then redis.call('ZADD', idx, unpack(adds)); adds = {} end
        if #rems > 0 then redis.call('ZREM', xk, unpack(rems)); rems = {} end
      end
      local flags, minExp, minExpStr = {}, nil, ''
      local p = 9
      for b = 1, nb do
        local n = tonumber(ARGV[p]); p = p + 1
        local ok, q = true, p
        for o = 1, n do
          local op = ARGV[q]
          if ok and (op == 'C' or op == 'A') then
            flush()
            local v = redis.call('GET', vp .. ARGV[q + 1])
            if op == 'A' then
              ok = not live(v, now)
            else
              ok = live(v, now) and payload(v) == ARGV[q + 2]
            end
          end
          q = q + OPLEN[op]
        end
        if ok then
          for o = 1, n do
            local op, m = ARGV[p], ARGV[p + 1]
            if op == 'P' then
              sets[#sets + 1] = vp .. m; sets[#sets + 1] = ARGV[p + 2]
              adds[#adds + 1] = '0'; adds[#adds + 1] = m
              if hasX then rems[#rems + 1] = m end
              if #sets >= 1000 then flush() end
            elseif op == 'E' then
              flush()
              if ARGV[p + 4] ~= '' then
                redis.call('SET', vp .. m, ARGV[p + 2], 'PXAT', ARGV[p + 4])
              else
                redis.call('SET', vp .. m, ARGV[p + 2])
              end
              redis.call('ZADD', idx, 0, m)
              redis.call('ZADD', xk, ARGV[p + 3], m)
              hasX = true
              local e = tonumber(ARGV[p + 3])
              if not minExp or e < minExp then minExp, minExpStr = e, ARGV[p + 3] end
            elseif op == 'D' then
              flush()
              redis.call('DEL', vp .. m)
              redis.call('ZREM', idx, m)
              if hasX then redis.call('ZREM', xk, m) end
            elseif op == 'R' then
              flush()
              local lo, hi = ARGV[p + 1], ARGV[p + 2]
              while true do
                local ms = redis.call('ZRANGEBYLEX', idx, lo, hi, 'LIMIT', 0, 500)
                if #ms == 0 then break end
                local names = {}
                for i = 1, #ms do names[i] = vp .. ms[i] end
                redis.call('DEL', unpack(names))
                redis.call('ZREM', idx, unpack(ms))
                if hasX then redis.call('ZREM', xk, unpack(ms)) end
              end
            end
            p = p + OPLEN[op]
          end
        end
        flags[b] = ok and '1' or '0'
        p = q
      end
      flush()
      local fs = table.concat(flags)
      redis.call('SET', rp .. gid, fs .. ':' .. minExpStr, 'PX', ttl)
      if minExp and sched then redis.call('ZADD', sched, 'LT', minExpStr, shardId) end
      return {'r', fs, minExpStr}
      """),

  /**
   * Up to {@code limit} live entries of one shard between two lex bounds. KEYS: index,
   * [registry]. ARGV: lo, hi, desc (0/1), limit, now. With the registry (the system shard of a
   * cluster), the scan stops at the first registered tenant prefix inside the bounds, in scan
   * order, and returns it. Returns {@code {found, tenant-prefix, m1, v1, m2, v2, ...}}.
   */
  SCAN("""
      local idx, reg = KEYS[1], KEYS[2]
      local vp = string.sub(idx, 1, -3) .. ':v:'
      local lo, hi, desc = ARGV[1], ARGV[2], ARGV[3] == '1'
      local limit, now = tonumber(ARGV[4]), tonumber(ARGV[5])
      local out = {0, ''}
      if reg then
        local hit
        if desc then
          hit = redis.call('ZREVRANGEBYLEX', reg, hi, lo, 'LIMIT', 0, 1)
          if #hit > 0 then lo = '[' .. hit[1] .. string.char(255) end
        else
          hit = redis.call('ZRANGEBYLEX', reg, lo, hi, 'LIMIT', 0, 1)
          if #hit > 0 then hi = '(' .. hit[1] end
        end
        if #hit > 0 then out[1] = 1; out[2] = hit[1] end
      end
      local need = limit
      while need > 0 do
        local chunk = need
        if chunk > 1000 then chunk = 1000 end
        local ms
        if desc then
          ms = redis.call('ZREVRANGEBYLEX', idx, hi, lo, 'LIMIT', 0, chunk)
        else
          ms = redis.call('ZRANGEBYLEX', idx, lo, hi, 'LIMIT', 0, chunk)
        end
        if #ms == 0 then break end
        local names = {}
        for i = 1, #ms do names[i] = vp .. ms[i] end
        local vs = redis.call('MGET', unpack(names))
        for i = 1, #ms do
          if need > 0 and live(vs[i], now) then
            out[#out + 1] = ms[i]; out[#out + 1] = vs[i]; need = need - 1
          end
        end
        if #ms < chunk then break end
        if desc then hi = '(' .. ms[#ms] else lo = '(' .. ms[#ms] end
      end
      return out
      """),

  /**
   * The number of live entries of one shard between two lex bounds. KEYS: index, expiry index.
   * ARGV: lo, hi, now. Subtracts the expired members inside the bounds, found by rank when
   * there are fewer expired members than members in range, else reads the range.
   */
  COUNT("""
      local idx, xk = KEYS[1], KEYS[2]
      local vp = string.sub(idx, 1, -3) .. ':v:'
      local lo, hi, now = ARGV[1], ARGV[2], ARGV[3]
      local total = redis.call('ZLEXCOUNT', idx, lo, hi)
      if total == 0 then return 0 end
      local ex = redis.call('ZCOUNT', xk, '-inf', now)
      if ex == 0 then return total end
      if ex <= total then
        local base = 0
        if lo ~= '-' then
          local below = (string.sub(lo, 1, 1) == '[' and '(' or '[') .. string.sub(lo, 2)
          base = redis.call('ZLEXCOUNT', idx, '-', below)
        end
        local n = total
        local ms = redis.call('ZRANGEBYSCORE', xk, '-inf', now)
        for i = 1, #ms do
          local r = redis.call('ZRANK', idx, ms[i])
          if r and r >= base and r < base + total then n = n - 1 end
        end
        return n
      end
      local n, cursor, t = 0, lo, tonumber(now)
      while true do
        local ms = redis.call('ZRANGEBYLEX', idx, cursor, hi, 'LIMIT', 0, 1000)
        if #ms == 0 then break end
        local names = {}
        for i = 1, #ms do names[i] = vp .. ms[i] end
        local vs = redis.call('MGET', unpack(names))
        for i = 1, #ms do if live(vs[i], t) then n = n + 1 end end
        if #ms < 1000 then break end
        cursor = '(' .. ms[#ms]
      end
      return n
      """),

  /**
   * Removes up to {@code max} entries of one shard expired at {@code now}. KEYS: index, expiry
   * index. ARGV: now, max. Returns {@code {removed, next-expiry or ''}}.
   */
  SWEEP("""
      local idx, xk = KEYS[1], KEYS[2]
      local vp = string.sub(idx, 1, -3) .. ':v:'
      local ms = redis.call('ZRANGEBYSCORE', xk, '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
      for i = 1, #ms, 500 do
        local names, mem = {}, {}
        for j = i, math.min(i + 499, #ms) do
          names[#names + 1] = vp .. ms[j]; mem[#mem + 1] = ms[j]
        end
        redis.call('DEL', unpack(names))
        redis.call('ZREM', idx, unpack(mem))
        redis.call('ZREM', xk, unpack(mem))
      end
      local nxt = redis.call('ZRANGE', xk, 0, 0, 'WITHSCORES')
      return {#ms, nxt[2] or ''}
      """);

  /**
   * Shared by every script: whether stored bytes (false when missing) are live at {@code now},
   * and the value without its header. Mirrors {@link StoredValue}.
   */
  private static final String PRELUDE = """
      local function live(v, now)
        if not v then return false end
        if string.byte(v, 1) == 0 then return true end
        local n = string.byte(v, 2)
        if n >= 128 then n = n - 256 end
        for i = 3, 9 do n = n * 256 + string.byte(v, i) end
        return n > now
      end
      local function payload(v)
        if string.byte(v, 1) == 0 then return string.sub(v, 2) end
        return string.sub(v, 10)
      end
      """;

  private final byte[] source;
  private final String sha;

  Scripts(String body) {
    this.source = (PRELUDE + body).getBytes(StandardCharsets.UTF_8);
    this.sha = sha1(source);
  }

  /** The full Lua source, prelude included. */
  byte[] source() {
    return source;
  }

  /** The SHA-1 digest of {@link #source()}, lower-case hex, as {@code EVALSHA} wants it. */
  String sha() {
    return sha;
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-1, which every JDK must have", e);
    }
  }
}
