#include <gtest/gtest.h>

#include "api_test_client.h"
#include "databricks/base64.h"
#include "frozen_scheduler.h"

namespace drdrill::databricks {
namespace {

using testing::ApiTestClient;
using testing::FrozenScheduler;

class WorkspaceApi : public ::testing::Test {
 protected:
  // Imports `source` as a Python notebook at `path`.
  http::Response import_python(const std::string& path, const std::string& source, bool overwrite = false) {
    return client_.post("/api/2.0/workspace/import",
                        R"({"path":")" + path + R"(","format":"SOURCE","language":"PYTHON","content":")" +
                            base64_encode(source) + R"(","overwrite":)" + (overwrite ? "true" : "false") + "}");
  }

  FrozenScheduler scheduler_;
  Workspace workspace_{{}, scheduler_, Random(1)};
  ApiTestClient client_{workspace_};
};

TEST_F(WorkspaceApi, ImportsANotebookAndExportsTheSameSource) {
  const std::string source = "# Databricks notebook source\nspark.sql('SELECT 1')\n";
  ASSERT_EQ(import_python("/Shared/etl", source).body, "{}");
  const http::Response exported = client_.get("/api/2.0/workspace/export?path=/Shared/etl&format=SOURCE");
  EXPECT_EQ(exported.status, 200);
  EXPECT_EQ(exported.body, R"({"content":")" + base64_encode(source) + R"(","file_type":"py"})");
}

TEST_F(WorkspaceApi, ExportAddsTheNotebookHeaderWhenTheImportedSourceLackedIt) {
  ASSERT_EQ(import_python("/Shared/etl", "print(1)\n").status, 200);
  const http::Response exported = client_.get("/api/2.0/workspace/export?path=/Shared/etl&direct_download=true");
  EXPECT_EQ(exported.body, "# Databricks notebook source\nprint(1)\n");
}

TEST_F(WorkspaceApi, GetStatusDescribesANotebookByteForByte) {
  ASSERT_EQ(import_python("/Shared/etl", "print(1)\n").status, 200);
  const http::Response status = client_.get("/api/2.0/workspace/get-status?path=/Shared/etl");
  EXPECT_EQ(status.status, 200);
  EXPECT_EQ(status.body,
            R"({"created_at":1767225600000,"language":"PYTHON","modified_at":1767225600000,"object_id":1003,)"
            R"("object_type":"NOTEBOOK","path":"/Shared/etl","resource_id":"1003"})");
}

TEST_F(WorkspaceApi, ListsTheDirectChildrenOfAFolderInPathOrder) {
  ASSERT_EQ(client_.post("/api/2.0/workspace/mkdirs", R"({"path":"/Shared/b/deep"})").status, 200);
  ASSERT_EQ(import_python("/Shared/a", "x").status, 200);
  const http::Response listed = client_.get("/api/2.0/workspace/list?path=/Shared");
  EXPECT_EQ(listed.body,
            R"({"objects":[)"
            R"({"created_at":1767225600000,"language":"PYTHON","modified_at":1767225600000,"object_id":1005,)"
            R"("object_type":"NOTEBOOK","path":"/Shared/a","resource_id":"1005"},)"
            R"({"created_at":1767225600000,"modified_at":1767225600000,"object_id":1003,)"
            R"("object_type":"DIRECTORY","path":"/Shared/b","resource_id":"1003"}]})");
}

TEST_F(WorkspaceApi, ListsAnEmptyFolderWithoutTheObjectsKey) {
  ASSERT_EQ(client_.post("/api/2.0/workspace/mkdirs", R"({"path":"/Shared/empty"})").status, 200);
  EXPECT_EQ(client_.get("/api/2.0/workspace/list?path=/Shared/empty").body, "{}");
}

TEST_F(WorkspaceApi, RefusesToImportOverAnExistingPathWithoutOverwriteWith400) {
  ASSERT_EQ(import_python("/Shared/etl", "v1").status, 200);
  const http::Response again = import_python("/Shared/etl", "v2");
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.body, R"({"error_code":"RESOURCE_ALREADY_EXISTS","message":"Path (/Shared/etl) already exists."})");
  ASSERT_EQ(import_python("/Shared/etl", "v2", /*overwrite=*/true).status, 200);
  EXPECT_EQ(client_.get("/api/2.0/workspace/export?path=/Shared/etl&direct_download=true").body,
            "# Databricks notebook source\nv2");
}

TEST_F(WorkspaceApi, OverwriteKeepsTheObjectId) {
  ASSERT_EQ(import_python("/Shared/etl", "v1").status, 200);
  const auto before = workspace_.tree().find("/Shared/etl")->object_id;
  ASSERT_EQ(import_python("/Shared/etl", "v2", true).status, 200);
  EXPECT_EQ(workspace_.tree().find("/Shared/etl")->object_id, before);
}

TEST_F(WorkspaceApi, RefusesToImportIntoAMissingFolder) {
  const http::Response response = import_python("/Shared/missing/etl", "x");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body,
            R"({"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Path (/Shared/missing) doesn't exist."})");
}

TEST_F(WorkspaceApi, RequiresALanguageForSourceImports) {
  const http::Response response = client_.post("/api/2.0/workspace/import",
                                                R"({"path":"/Shared/x","format":"SOURCE","content":"eA=="})");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("INVALID_PARAMETER_VALUE"), std::string::npos);
}

TEST_F(WorkspaceApi, AutoImportMakesANotebookFromAHeaderedFileAndDropsItsExtension) {
  const std::string source = "-- Databricks notebook source\nSELECT 1";
  ASSERT_EQ(client_.post("/api/2.0/workspace/import", R"({"path":"/Shared/query.sql","format":"AUTO","content":")" +
                                                          base64_encode(source) + R"("})").status,
            200);
  const WorkspaceObject* notebook = workspace_.tree().find("/Shared/query");
  ASSERT_NE(notebook, nullptr);
  EXPECT_EQ(notebook->type, ObjectType::kNotebook);
  EXPECT_EQ(notebook->language, Language::kSql);
  EXPECT_EQ(workspace_.tree().find("/Shared/query.sql"), nullptr);
}

TEST_F(WorkspaceApi, AutoImportKeepsAFileWithoutHeaderAsAFile) {
  ASSERT_EQ(client_.post("/api/2.0/workspace/import",
                         R"({"path":"/Shared/conf.json","format":"AUTO","content":")" + base64_encode("{}") + R"("})")
                .status,
            200);
  const http::Response status = client_.get("/api/2.0/workspace/get-status?path=/Shared/conf.json");
  EXPECT_EQ(status.body,
            R"({"created_at":1767225600000,"modified_at":1767225600000,"object_id":1003,"object_type":"FILE",)"
            R"("path":"/Shared/conf.json","resource_id":"1003","size":2})");
  EXPECT_EQ(client_.get("/api/2.0/workspace/export?path=/Shared/conf.json").body,
            R"({"content":")" + base64_encode("{}") + R"("})");
}

TEST_F(WorkspaceApi, RefusesContentThatIsNotBase64AsMalformedRequest) {
  const http::Response response = client_.post(
      "/api/2.0/workspace/import", R"({"path":"/Shared/x","format":"SOURCE","language":"PYTHON","content":"not base64!"})");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("MALFORMED_REQUEST"), std::string::npos);
}

TEST_F(WorkspaceApi, AnswersMalformedJsonWith400MalformedRequest) {
  const http::Response response = client_.post("/api/2.0/workspace/mkdirs", R"({"path": "/Shared/x")");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find(R"("error_code":"MALFORMED_REQUEST")"), std::string::npos);
  EXPECT_EQ(workspace_.tree().find("/Shared/x"), nullptr);
}

TEST_F(WorkspaceApi, ToleratesFieldsItDoesNotKnow) {
  EXPECT_EQ(client_.post("/api/2.0/workspace/mkdirs", R"({"path":"/Shared/x","future_field":{"a":[1]}})").status, 200);
}

TEST_F(WorkspaceApi, MkdirsCreatesParentsAndIsIdempotent) {
  ASSERT_EQ(client_.post("/api/2.0/workspace/mkdirs", R"({"path":"/Shared/a/b/c"})").status, 200);
  ASSERT_EQ(client_.post("/api/2.0/workspace/mkdirs", R"({"path":"/Shared/a/b/c"})").status, 200);
  EXPECT_EQ(workspace_.tree().find("/Shared/a/b")->type, ObjectType::kDirectory);
}

TEST_F(WorkspaceApi, MkdirsRefusesToGoThroughANotebook) {
  ASSERT_EQ(import_python("/Shared/nb", "x").status, 200);
  const http::Response response = client_.post("/api/2.0/workspace/mkdirs", R"({"path":"/Shared/nb/sub"})");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("RESOURCE_ALREADY_EXISTS"), std::string::npos);
  EXPECT_EQ(workspace_.tree().find("/Shared/nb/sub"), nullptr);
}

TEST_F(WorkspaceApi, DeleteRefusesANonEmptyFolderUnlessRecursive) {
  ASSERT_EQ(import_python("/Shared/nb", "x").status, 200);
  ASSERT_EQ(client_.post("/api/2.0/workspace/mkdirs", R"({"path":"/Shared-sibling"})").status, 200);
  const http::Response refused = client_.post("/api/2.0/workspace/delete", R"({"path":"/Shared"})");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body, R"({"error_code":"DIRECTORY_NOT_EMPTY","message":"Folder (/Shared) is not empty"})");
  ASSERT_EQ(client_.post("/api/2.0/workspace/delete", R"({"path":"/Shared","recursive":true})").status, 200);
  EXPECT_EQ(workspace_.tree().find("/Shared/nb"), nullptr);
  EXPECT_EQ(workspace_.tree().find("/Shared"), nullptr);
  EXPECT_NE(workspace_.tree().find("/Shared-sibling"), nullptr);  // sorts between "/Shared" and "/Shared/"
}

TEST_F(WorkspaceApi, DeleteOfAMissingPathIsResourceDoesNotExist) {
  const http::Response response = client_.post("/api/2.0/workspace/delete", R"({"path":"/Shared/none"})");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Path (/Shared/none) doesn't exist."})");
}

TEST_F(WorkspaceApi, RefusesARelativePath) {
  const http::Response response = client_.get("/api/2.0/workspace/get-status?path=Shared");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("INVALID_PARAMETER_VALUE"), std::string::npos);
}

TEST_F(WorkspaceApi, GivesTheSameIdsOnEveryRun) {
  FrozenScheduler other_scheduler;
  Workspace other({}, other_scheduler, Random(1));
  ApiTestClient other_client(other);
  for (ApiTestClient* c : {&client_, &other_client}) {
    ASSERT_EQ(c->post("/api/2.0/workspace/mkdirs", R"({"path":"/Shared/a"})").status, 200);
  }
  EXPECT_EQ(client_.get("/api/2.0/workspace/get-status?path=/Shared/a").body,
            other_client.get("/api/2.0/workspace/get-status?path=/Shared/a").body);
}

TEST(Base64, RoundTripsEveryLengthAndRefusesNonCanonicalInput) {
  const std::string bytes("\x00\xff\x10 abc\x80", 8);
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    const std::string part = bytes.substr(0, n);
    EXPECT_EQ(base64_decode(base64_encode(part)), part) << n;
  }
  EXPECT_EQ(base64_encode("hi"), "aGk=");
  EXPECT_FALSE(base64_decode("aGk").has_value());    // missing padding
  EXPECT_FALSE(base64_decode("aGl=").has_value());   // non-zero trailing bits
  EXPECT_FALSE(base64_decode("a=Gk").has_value());   // padding in the middle
  EXPECT_FALSE(base64_decode("aG k").has_value());   // outside the alphabet
}

}  // namespace
}  // namespace drdrill::databricks
