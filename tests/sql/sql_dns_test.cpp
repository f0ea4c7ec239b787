#include "sql/sql_dns.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace drdrill::sql {
namespace {

SqlDnsZone zone_with_group() {
  SqlDnsZone zone;
  EXPECT_TRUE(zone.add_server("hms-weu").ok());
  EXPECT_TRUE(zone.add_server("hms-neu").ok());
  EXPECT_TRUE(zone.set_listeners("hms-fog", "hms-weu", "hms-neu").ok());
  return zone;
}

TEST(SqlDnsZone, ResolvesServerNamesAndBothListeners) {
  SqlDnsZone zone = zone_with_group();
  EXPECT_EQ(zone.resolve("hms-weu.database.windows.net")->server, "hms-weu");
  EXPECT_EQ(zone.resolve("HMS-NEU.Database.Windows.Net.")->server, "hms-neu");
  auto rw = zone.resolve("hms-fog.database.windows.net");
  ASSERT_TRUE(rw.ok());
  EXPECT_EQ(rw->server, "hms-weu");
  EXPECT_EQ(rw->ttl, 30s);
  EXPECT_EQ(zone.resolve("hms-fog.secondary.database.windows.net")->server, "hms-neu");
}

TEST(SqlDnsZone, UnknownNamesAreNotFound) {
  SqlDnsZone zone = zone_with_group();
  EXPECT_TRUE(zone.resolve("nope.database.windows.net").status().is_not_found());
  EXPECT_TRUE(zone.resolve("hms-weu.secondary.database.windows.net").status().is_not_found());
  EXPECT_TRUE(zone.resolve("hms-weu.blob.core.windows.net").status().is_not_found());
}

TEST(SqlDnsZone, ListenersFollowRolesAndShareTheServerNamespace) {
  SqlDnsZone zone = zone_with_group();
  ASSERT_TRUE(zone.set_listeners("hms-fog", "hms-neu", "hms-weu").ok());
  EXPECT_EQ(zone.resolve("hms-fog.database.windows.net")->server, "hms-neu");
  EXPECT_EQ(zone.resolve("hms-fog.secondary.database.windows.net")->server, "hms-weu");
  EXPECT_FALSE(zone.set_listeners("hms-weu", "hms-weu", "hms-neu").ok());
  EXPECT_FALSE(zone.add_server("hms-fog").ok());
}

TEST(DnsCache, KeepsTheOldAnswerUntilTheTtlExpires) {
  ManualClock clock;
  SqlDnsZone zone = zone_with_group();
  DnsCache cache(clock);
  EXPECT_EQ(*cache.resolve("hms-fog.database.windows.net", zone), "hms-weu");

  clock.advance(10s);
  ASSERT_TRUE(zone.set_listeners("hms-fog", "hms-neu", "hms-weu").ok());  // failover
  clock.advance(19s);  // 29 s after the lookup
  EXPECT_EQ(*cache.resolve("hms-fog.database.windows.net", zone), "hms-weu");
  clock.advance(1s);  // 30 s: the answer has expired
  EXPECT_EQ(*cache.resolve("hms-fog.database.windows.net", zone), "hms-neu");
}

TEST(DnsCache, ClientLimitShortensTheRecordTtl) {
  ManualClock clock;
  SqlDnsZone zone = zone_with_group();
  DnsCache cache(clock, 5s);
  EXPECT_EQ(*cache.resolve("hms-fog.database.windows.net", zone), "hms-weu");
  ASSERT_TRUE(zone.set_listeners("hms-fog", "hms-neu", "hms-weu").ok());
  clock.advance(5s);
  EXPECT_EQ(*cache.resolve("hms-fog.database.windows.net", zone), "hms-neu");
}

TEST(DnsCache, FlushForgetsEverything) {
  ManualClock clock;
  SqlDnsZone zone = zone_with_group();
  DnsCache cache(clock);
  EXPECT_EQ(*cache.resolve("hms-fog.database.windows.net", zone), "hms-weu");
  ASSERT_TRUE(zone.set_listeners("hms-fog", "hms-neu", "hms-weu").ok());
  cache.flush();
  EXPECT_EQ(*cache.resolve("hms-fog.database.windows.net", zone), "hms-neu");
}

}  // namespace
}  // namespace drdrill::sql
