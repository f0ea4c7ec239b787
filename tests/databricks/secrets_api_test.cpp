#include <gtest/gtest.h>

#include "api_test_client.h"
#include "databricks/base64.h"
#include "frozen_scheduler.h"

namespace drdrill::databricks {
namespace {

using testing::ApiTestClient;
using testing::FrozenScheduler;

class SecretsApi : public ::testing::Test {
 protected:
  FrozenScheduler scheduler_;
  Workspace workspace_{{}, scheduler_, Random(1)};
  ApiTestClient client_{workspace_};
};

TEST_F(SecretsApi, CreatesADatabricksScopeAndListsIt) {
  ASSERT_EQ(client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"hms","initial_manage_principal":"users"})").body,
            "{}");
  EXPECT_EQ(client_.get("/api/2.0/secrets/scopes/list").body,
            R"({"scopes":[{"backend_type":"DATABRICKS","name":"hms"}]})");
}

TEST_F(SecretsApi, ListsNoScopesAsAnEmptyObject) {
  EXPECT_EQ(client_.get("/api/2.0/secrets/scopes/list").body, "{}");
}

TEST_F(SecretsApi, RefusesASecondScopeOfTheSameName) {
  ASSERT_EQ(client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"hms"})").status, 200);
  const http::Response again = client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"hms"})");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body, R"({"error_code":"RESOURCE_ALREADY_EXISTS","message":"Scope hms already exists!"})");
}

TEST_F(SecretsApi, RefusesAScopeNameWithForbiddenCharacters) {
  const http::Response response = client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"a/b"})");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("INVALID_PARAMETER_VALUE"), std::string::npos);
}

TEST_F(SecretsApi, PutThenGetReturnsTheValueInBase64) {
  ASSERT_EQ(client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"hms"})").status, 200);
  ASSERT_EQ(client_.post("/api/2.0/secrets/put", R"({"scope":"hms","key":"password","string_value":"s3cret"})").body,
            "{}");
  EXPECT_EQ(client_.get("/api/2.0/secrets/get?scope=hms&key=password").body,
            R"({"key":"password","value":")" + base64_encode("s3cret") + R"("})");
}

TEST_F(SecretsApi, StoresBytesValueDecodedFromBase64) {
  ASSERT_EQ(client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"s"})").status, 200);
  ASSERT_EQ(client_.post("/api/2.0/secrets/put", R"({"scope":"s","key":"k","bytes_value":")" +
                                                     base64_encode(std::string("\x00\x01", 2)) + R"("})").status,
            200);
  EXPECT_EQ(*workspace_.secrets().get("s", "k"), std::string("\x00\x01", 2));
}

TEST_F(SecretsApi, RequiresExactlyOneOfStringValueAndBytesValue) {
  ASSERT_EQ(client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"s"})").status, 200);
  EXPECT_EQ(client_.post("/api/2.0/secrets/put", R"({"scope":"s","key":"k"})").status, 400);
  EXPECT_EQ(client_.post("/api/2.0/secrets/put", R"({"scope":"s","key":"k","string_value":"a","bytes_value":"YQ=="})")
                .status,
            400);
}

TEST_F(SecretsApi, ListsKeysWithTimestampsButNeverValues) {
  ASSERT_EQ(client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"s"})").status, 200);
  ASSERT_EQ(client_.post("/api/2.0/secrets/put", R"({"scope":"s","key":"b","string_value":"2"})").status, 200);
  ASSERT_EQ(client_.post("/api/2.0/secrets/put", R"({"scope":"s","key":"a","string_value":"1"})").status, 200);
  EXPECT_EQ(client_.get("/api/2.0/secrets/list?scope=s").body,
            R"({"secrets":[{"key":"a","last_updated_timestamp":1767225600000},)"
            R"({"key":"b","last_updated_timestamp":1767225600000}]})");
}

TEST_F(SecretsApi, AnswersAMissingScopeOrKeyWithResourceDoesNotExist) {
  EXPECT_EQ(client_.get("/api/2.0/secrets/list?scope=none").body,
            R"({"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Scope none does not exist!"})");
  ASSERT_EQ(client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"s"})").status, 200);
  const http::Response missing = client_.get("/api/2.0/secrets/get?scope=s&key=k");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body,
            R"({"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Secret does not exist with scope: s and key: k"})");
  EXPECT_EQ(client_.post("/api/2.0/secrets/delete", R"({"scope":"s","key":"k"})").status, 404);
}

TEST_F(SecretsApi, DeletingAScopeDeletesItsSecrets) {
  ASSERT_EQ(client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"s"})").status, 200);
  ASSERT_EQ(client_.post("/api/2.0/secrets/put", R"({"scope":"s","key":"k","string_value":"v"})").status, 200);
  ASSERT_EQ(client_.post("/api/2.0/secrets/scopes/delete", R"({"scope":"s"})").status, 200);
  ASSERT_EQ(client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"s"})").status, 200);
  EXPECT_EQ(client_.get("/api/2.0/secrets/list?scope=s").body, "{}");
}

class KeyVaultScope : public SecretsApi {
 protected:
  void SetUp() override {
    vaults_.put("https://kv-dr.vault.azure.net/", "hms-password", "from-vault", kDefaultEpoch);
    workspace_.set_key_vaults(&vaults_);
    ASSERT_EQ(client_.post("/api/2.0/secrets/scopes/create",
                           R"({"scope":"kv","scope_backend_type":"AZURE_KEYVAULT","backend_azure_keyvault":)"
                           R"({"resource_id":"/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-dr",)"
                           R"("dns_name":"https://kv-dr.vault.azure.net/"}})")
                  .status,
              200);
  }
  KeyVaults vaults_;
};

TEST_F(KeyVaultScope, ListsTheScopeWithItsVaultMetadata) {
  EXPECT_EQ(client_.get("/api/2.0/secrets/scopes/list").body,
            R"({"scopes":[{"backend_type":"AZURE_KEYVAULT","keyvault_metadata":{"dns_name":"https://kv-dr.vault.azure.net/",)"
            R"("resource_id":"/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-dr"},"name":"kv"}]})");
}

TEST_F(KeyVaultScope, ReadsSecretsFromTheVault) {
  EXPECT_EQ(client_.get("/api/2.0/secrets/get?scope=kv&key=hms-password").body,
            R"({"key":"hms-password","value":")" + base64_encode("from-vault") + R"("})");
  EXPECT_EQ(client_.get("/api/2.0/secrets/list?scope=kv").body,
            R"({"secrets":[{"key":"hms-password","last_updated_timestamp":1767225600000}]})");
}

TEST_F(KeyVaultScope, RefusesWritesAndDeletesThroughTheApi) {
  const http::Response put =
      client_.post("/api/2.0/secrets/put", R"({"scope":"kv","key":"hms-password","string_value":"x"})");
  EXPECT_EQ(put.status, 400);
  EXPECT_NE(put.body.find(R"("error_code":"BAD_REQUEST")"), std::string::npos);
  EXPECT_EQ(client_.post("/api/2.0/secrets/delete", R"({"scope":"kv","key":"hms-password"})").status, 400);
  EXPECT_EQ(*workspace_.secrets().get("kv", "hms-password"), "from-vault");
}

TEST_F(KeyVaultScope, RequiresTheVaultMetadata) {
  EXPECT_EQ(client_.post("/api/2.0/secrets/scopes/create", R"({"scope":"kv2","scope_backend_type":"AZURE_KEYVAULT"})")
                .status,
            400);
}

TEST(SecretReferences, ResolveOnlyAWholeValueReference) {
  FrozenScheduler scheduler;
  SecretStore store(scheduler, nullptr);
  ASSERT_TRUE(store.create_scope({"hms", ScopeBackend::kDatabricks, std::nullopt}).ok());
  ASSERT_TRUE(store.put("hms", "password", "pw").ok());
  EXPECT_EQ(*store.resolve("{{secrets/hms/password}}"), "pw");
  EXPECT_EQ(*store.resolve("plain"), "plain");
  EXPECT_EQ(*store.resolve("x{{secrets/hms/password}}"), "x{{secrets/hms/password}}");
  EXPECT_TRUE(is_secret_reference("{{secrets/hms/password}}"));
  EXPECT_FALSE(is_secret_reference("{{secrets/hms}}"));
  auto missing = store.resolve("{{secrets/hms/user}}");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kResourceDoesNotExist);
}

}  // namespace
}  // namespace drdrill::databricks
