using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatalot.Server.Hosting.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class Roles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "TimedOutUntil",
                table: "community_members",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EveryonePermissions",
                table: "communities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 786447L); // CommunityPermissions.EveryoneDefault: existing communities keep today's member rights

            migrationBuilder.CreateTable(
                name: "community_member_roles",
                columns: table => new
                {
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoleId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_community_member_roles", x => new { x.CommunityId, x.UserId, x.RoleId });
                });

            migrationBuilder.CreateTable(
                name: "community_roles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Color = table.Column<string>(type: "TEXT", maxLength: 7, nullable: true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Permissions = table.Column<long>(type: "INTEGER", nullable: false),
                    Hoist = table.Column<bool>(type: "INTEGER", nullable: false),
                    Mentionable = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_community_roles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "permission_overrides",
                columns: table => new
                {
                    ScopeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TargetKind = table.Column<int>(type: "INTEGER", nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IsChannel = table.Column<bool>(type: "INTEGER", nullable: false),
                    Allow = table.Column<long>(type: "INTEGER", nullable: false),
                    Deny = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_permission_overrides", x => new { x.ScopeId, x.TargetKind, x.TargetId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_community_member_roles_RoleId",
                table: "community_member_roles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "IX_community_roles_CommunityId",
                table: "community_roles",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_permission_overrides_CommunityId",
                table: "permission_overrides",
                column: "CommunityId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "community_member_roles");

            migrationBuilder.DropTable(
                name: "community_roles");

            migrationBuilder.DropTable(
                name: "permission_overrides");

            migrationBuilder.DropColumn(
                name: "TimedOutUntil",
                table: "community_members");

            migrationBuilder.DropColumn(
                name: "EveryonePermissions",
                table: "communities");
        }
    }
}
